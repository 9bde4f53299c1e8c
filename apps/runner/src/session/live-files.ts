import type { SessionSnapshot } from "../client/index.js";
import type { Logger } from "../logging/index.js";
import type { SessionFiles } from "../materialize/index.js";
import type { ExpiryWarnings } from "./expiry-warnings.js";
import { reasonOf } from "./reason-of.js";

/**
 * The session's files while CMD runs. Snapshots are applied one at a time in
 * the order they came; once wiped, nothing is written again, so a snapshot
 * that arrives while the session ends cannot bring a secret back.
 */
export class LiveFiles {
  #queue: Promise<void> = Promise.resolve();
  #wiped = false;

  constructor(
    private readonly files: SessionFiles,
    private readonly expiry: ExpiryWarnings,
    private readonly log: Logger,
  ) {}

  /** Resolves once this snapshot is written, or was refused and the last good files kept. */
  apply(snapshot: SessionSnapshot): Promise<void> {
    this.#queue = this.#queue.then(() => this.#apply(snapshot));
    return this.#queue;
  }

  /** Waits for a write in progress, then removes everything. Idempotent. */
  wipe(): Promise<void> {
    this.#queue = this.#queue.then(async () => {
      if (this.#wiped) return;
      this.#wiped = true;
      await this.files.wipe();
    });
    return this.#queue;
  }

  async #apply(snapshot: SessionSnapshot): Promise<void> {
    if (this.#wiped || snapshot.state === "ended") return;
    this.expiry.check(snapshot);
    try {
      const outcome = await this.files.apply(snapshot.credentials);
      if (!outcome.ok) {
        this.log.error("update not applied; the files keep their last good content", { problems: outcome.problems });
      } else if (outcome.changed.length > 0) {
        this.log.info("credentials updated", { changed: outcome.changed });
      }
    } catch (error) {
      this.log.error("update not applied; the files keep their last good content", { reason: reasonOf(error) });
    }
  }
}
