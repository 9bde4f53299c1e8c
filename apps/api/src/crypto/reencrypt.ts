import type { CredentialCursor, SealedCredential, Store } from "../storage/index.js";
import { assertKeyringCoversStore } from "./check-keyring-covers-store.js";
import type { SecretBox } from "./secret-box.js";

export interface ReencryptCounts {
  /** Secrets found under a key other than the active one (a row re-read after losing a race counts again). */
  readonly examined: number;
  /** Secrets moved to the active key; in a dry run, secrets that would be (each was opened to prove it can be). */
  readonly reencrypted: number;
  /** Secrets a concurrent update changed first; they are re-read, so nothing is left behind. */
  readonly skippedConcurrent: number;
}

export interface ReencryptOptions {
  /** Count, and check every secret opens, without writing. */
  readonly dryRun?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (counts: ReencryptCounts) => void;
}

/** A secret could not be moved; the message names the credential, never the secret. */
export class ReencryptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReencryptError";
  }
}

const defaultBatchSize = 100;

function openRow(box: SecretBox, row: SealedCredential): string {
  try {
    return box.open(row.secret, { credentialId: row.id, provider: row.provider });
  } catch (error) {
    // Stop rather than skip: listSealedWithOtherKey would hand the row back forever.
    throw new ReencryptError(`cannot open the secret of credential "${row.id}" (key "${row.secret.keyId}")`, {
      cause: error,
    });
  }
}

async function dryRun(store: Store, box: SecretBox, batchSize: number, onProgress: ReencryptOptions["onProgress"]) {
  // listSealedWithOtherKey has no cursor and a dry run changes nothing, so walk
  // every credential by keyset instead.
  let examined = 0;
  let after: CredentialCursor | undefined;
  for (;;) {
    const page = await store.credentials.list({
      owner: { all: true },
      provider: { all: true },
      after,
      limit: batchSize,
    });
    for (const row of page) {
      if (row.secret.keyId === box.activeKeyId) continue;
      openRow(box, row);
      examined++;
    }
    onProgress?.({ examined, reencrypted: examined, skippedConcurrent: 0 });
    const last = page.at(-1);
    if (last === undefined || page.length < batchSize) break;
    after = { createTime: last.createTime, id: last.id };
  }
  return { examined, reencrypted: examined, skippedConcurrent: 0 };
}

/**
 * Moves every secret to the box's active key, batch by batch, while the
 * server may be running: each row is swapped only if it is still what was
 * read, so a concurrent update wins and the row is simply looked at again.
 */
export async function reencryptAll(
  store: Store,
  box: SecretBox,
  options: ReencryptOptions = {},
): Promise<ReencryptCounts> {
  const batchSize = options.batchSize ?? defaultBatchSize;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  await assertKeyringCoversStore(store, box);
  if (options.dryRun === true) return dryRun(store, box, batchSize, options.onProgress);

  let examined = 0;
  let reencrypted = 0;
  let skippedConcurrent = 0;
  const lostRaceBefore = new Set<string>();
  for (;;) {
    const batch = await store.credentials.listSealedWithOtherKey(box.activeKeyId, batchSize);
    if (batch.length === 0) break;
    let progressed = false;
    for (const row of batch) {
      examined++;
      const plaintext = openRow(box, row);
      const next = box.seal(plaintext, { credentialId: row.id, provider: row.provider });
      if (await store.credentials.replaceSecret(row.id, row.secret, next)) {
        reencrypted++;
        progressed = true;
      } else {
        skippedConcurrent++;
        if (!lostRaceBefore.has(row.id)) progressed = true;
        lostRaceBefore.add(row.id);
      }
    }
    options.onProgress?.({ examined, reencrypted, skippedConcurrent });
    // A batch that moved nothing and only met rows that already lost a race
    // means something keeps writing under an old key; stop instead of spinning.
    if (!progressed) {
      throw new ReencryptError(
        "re-encryption is not making progress: secrets keep changing under other keys; " +
          "is a server still running with an older keyring whose active key differs?",
      );
    }
  }
  return { examined, reencrypted, skippedConcurrent };
}
