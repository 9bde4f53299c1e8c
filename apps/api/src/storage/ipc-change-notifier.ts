import type { Change } from "./change-notifier.js";
import { LocalChangeNotifier } from "./local-change-notifier.js";
import { StorageError } from "./storage-error.js";

// The key a change travels under between the processes of one `serve
// --workers`, so the primary tells our messages from any other on the channel.
const tag = "acpChange";

/** A change on its way between a worker and the primary of one `serve --workers`. */
export interface ChangeMessage {
  readonly [tag]: Change;
}

export function isChangeMessage(message: unknown): message is ChangeMessage {
  if (typeof message !== "object" || message === null || !Object.hasOwn(message, tag)) return false;
  const change = (message as Record<string, unknown>)[tag];
  return typeof change === "object" && change !== null && typeof (change as { kind?: unknown }).kind === "string";
}

/** The worker's end of its IPC channel to the primary. */
export interface PrimaryChannel {
  send(message: ChangeMessage): Promise<void>;
  /** Returns the function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** This process's channel, when it was forked by node:cluster (or any fork with IPC). */
export function parentChannel(proc: NodeJS.Process = process): PrimaryChannel {
  return {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        if (proc.send === undefined) {
          reject(new Error("no IPC channel"));
          return;
        }
        proc.send(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
      }),
    onMessage(listener) {
      proc.on("message", listener);
      return () => {
        proc.off("message", listener);
      };
    },
  };
}

/**
 * The notifier for SQLite served by several worker processes: a change goes
 * to this process's subscribers at once and to the primary, which passes it
 * to every other worker. Changes carry ids only, as through NOTIFY, so the
 * channel never holds a value. A worker outlives its primary's channel only
 * by moments (node:cluster exits it on disconnect), so there is no resync:
 * its streams end with it.
 */
export class IpcChangeNotifier extends LocalChangeNotifier {
  private readonly stopListening: () => void;

  constructor(private readonly channel: PrimaryChannel) {
    super();
    // Another worker's change, for this worker's subscribers; once closed there is no one to tell.
    this.stopListening = channel.onMessage((message) => {
      if (isChangeMessage(message)) super.publish(message[tag]).catch(() => {});
    });
  }

  override async publish(change: Change): Promise<void> {
    await super.publish(change);
    try {
      await this.channel.send({ [tag]: change });
    } catch (error) {
      throw new StorageError("publish change", { detail: "the other workers could not be told", cause: error });
    }
  }

  override async close(): Promise<void> {
    this.stopListening();
    await super.close();
  }
}
