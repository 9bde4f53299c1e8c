import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";

/** What one PASSIVE checkpoint found and did: PRAGMA wal_checkpoint's row. */
export interface WalCheckpoint {
  /** Whether another connection's checkpoint or lock kept this one from finishing. */
  readonly busy: boolean;
  /** Frames in the write-ahead log. */
  readonly walFrames: number;
  /** Of those, frames now copied into the database file. */
  readonly checkpointed: number;
}

interface ThreadData {
  readonly betterSqlite3: string;
  readonly file: string;
  readonly intervalMillis: number;
}

type Reply =
  | { readonly id: number; readonly checkpoint: WalCheckpoint }
  | { readonly id: number; readonly error: string };

/**
 * The thread's whole program, sent as source text (an eval worker): it may
 * use nothing but its parameter. A file of its own would need a bundle of
 * its own for this one loop.
 */
function threadMain(load: NodeJS.Require): void {
  const { parentPort, workerData } = load("node:worker_threads") as typeof import("node:worker_threads");
  const data = workerData as ThreadData;
  const Database = load(data.betterSqlite3) as typeof BetterSqlite3;
  const database = new Database(data.file);
  database.pragma("synchronous = NORMAL");
  const checkpoint = () => {
    // PASSIVE never waits for readers or writers: it copies what it can.
    const row = database.pragma("wal_checkpoint(PASSIVE)", { simple: false }) as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    const { busy, log, checkpointed } = row[0]!;
    return { busy: busy !== 0, walFrames: log, checkpointed };
  };
  const timer = setInterval(() => {
    try {
      checkpoint();
    } catch {
      // A failed pass (the disk full, say) is tried again at the next.
    }
  }, data.intervalMillis);
  parentPort?.on("message", (id: number | "close") => {
    if (id === "close") {
      clearInterval(timer);
      database.close();
      parentPort.close();
      return;
    }
    let reply: Reply;
    try {
      reply = { id, checkpoint: checkpoint() };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort.postMessage(reply);
  });
}

/**
 * What the thread threw, as an Error: an error subclass (better-sqlite3's
 * SqliteError) crosses threads as a plain object of its own fields.
 */
function threadFailure(cause: unknown): Error {
  const { message, code } = (typeof cause === "object" && cause !== null ? cause : {}) as {
    message?: unknown;
    code?: unknown;
  };
  const said = typeof message === "string" ? message : typeof code === "string" ? code : String(cause);
  return new Error(`the checkpoint thread failed: ${said}`, { cause });
}

export interface SqliteCheckpointerOptions {
  readonly file: string;
  /** Between the thread's checkpoints. */
  readonly intervalMillis?: number;
  /** Called once if the thread stops other than by close(): the log then needs checkpoints elsewhere. */
  readonly onStopped: (error: Error) => void;
}

/**
 * Checkpoints a database's write-ahead log on a thread of its own, so the
 * connections that serve calls can leave wal_autocheckpoint off. Left on,
 * the commit that takes the log past 1000 pages copies them into the
 * database file and syncs it, on the event loop: measured on a bench
 * database, audit appends in batches of 50 spent a fifth of their time in
 * those checkpoints, and their p99 was 9.5 to 12.5 ms with them against
 * 1.9 to 2.4 without.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (c: WalCheckpoint) => void; reject: (e: Error) => void }>();
  #nextId = 0;
  #closing = false;
  /** Set once, at the thread's failure or exit, whichever comes first. */
  #stopped = false;

  constructor(options: SqliteCheckpointerOptions) {
    const workerData: ThreadData = {
      file: options.file,
      intervalMillis: options.intervalMillis ?? 100,
      betterSqlite3: createRequire(import.meta.url).resolve("better-sqlite3"),
    };
    this.#worker = new Worker(`(${threadMain.toString()})(require)`, { eval: true, workerData });
    // It checkpoints while the process lives; it is no reason to live.
    this.#worker.unref();
    this.#worker.on("message", (reply: Reply) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if ("checkpoint" in reply) waiter?.resolve(reply.checkpoint);
      else waiter?.reject(new Error(`wal checkpoint failed: ${reply.error}`));
    });
    const stop = (error: Error) => {
      if (this.#stopped) return;
      this.#stopped = true;
      for (const waiter of this.#pending.values()) waiter.reject(error);
      this.#pending.clear();
      if (!this.#closing) options.onStopped(error);
    };
    this.#worker.on("error", (cause: unknown) => stop(threadFailure(cause)));
    this.#worker.on("exit", (code) => stop(new Error(`the checkpoint thread exited with code ${code}`)));
  }

  /** Runs one checkpoint now, besides the thread's own. */
  checkpointNow(): Promise<WalCheckpoint> {
    if (this.#closing || this.#stopped) return Promise.reject(new Error("the checkpoint thread has stopped"));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(id);
    });
  }

  /** Closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    // A thread that failed ends by itself.
    if (this.#closing || this.#stopped) return;
    this.#closing = true;
    const exited = once(this.#worker, "exit");
    // Held until it has ended: an unref'd thread alone would let a process
    // whose loop is otherwise done exit mid-close (code 13, a pending await).
    this.#worker.ref();
    this.#worker.postMessage("close");
    await exited;
  }
}
