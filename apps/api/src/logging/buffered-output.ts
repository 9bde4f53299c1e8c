import { writeSync as fsWriteSync } from "node:fs";
import { createIsoClock, formatLogLine } from "./log-line.js";
import type { LogSink } from "./logger.js";

/**
 * What the output writes to: process.stderr in the server, a plain
 * `{ write }` in tests. A node stream (it has `writableLength`) is written
 * one chunk at a time, waiting for each chunk's callback; anything else is
 * taken to be synchronous.
 */
export interface LogStream {
  write(text: string, done?: (error?: Error | null) => void): unknown;
  readonly writableLength?: number;
  /** process.stderr's descriptor, for the blocking write at exit or crash. */
  readonly fd?: number;
}

export interface BufferedOutput {
  readonly sink: LogSink;
  /**
   * Resolves once every accepted line has been handed to the OS (true), or
   * after `timeoutMs` if stderr is not being read (false).
   */
  flush(timeoutMs?: number): Promise<boolean>;
  /** For exit and crash, when no later tick comes: writes what is left with blocking writes. */
  flushSync(): void;
}

export interface BufferedOutputOptions {
  /** Lines held (ours plus the stream's queue) before new ones are dropped and counted. */
  readonly maxBufferedChars?: number;
  /** How long flushSync retries a stderr whose pipe is full. */
  readonly syncDeadlineMs?: number;
  readonly writeSync?: (fd: number, bytes: Uint8Array) => number;
  readonly clock?: () => string;
}

/**
 * Lines are appended to memory and leave in one write per event-loop turn
 * (setImmediate, so the "listening" line is out before any timer fires), at
 * most one chunk in flight. A reader that stops reading never blocks the
 * server: the backlog is bounded and what does not fit is counted, and the
 * count is logged once there is room again.
 */
export function createBufferedOutput(stream: LogStream, options: BufferedOutputOptions = {}): BufferedOutput {
  const maxChars = options.maxBufferedChars ?? 8 * 1024 * 1024;
  const syncDeadlineMs = options.syncDeadlineMs ?? 1_000;
  const writeSync = options.writeSync ?? fsWriteSync;
  const clock = options.clock ?? createIsoClock();
  const streamed = typeof stream.writableLength === "number";

  let pending: string[] = [];
  let pendingChars = 0;
  let dropped = 0;
  let scheduled = false;
  let inFlight = false;
  let idleWaiters: (() => void)[] = [];

  const backlog = () => pendingChars + (stream.writableLength ?? 0);
  const append = (line: string) => {
    pending.push(line);
    pendingChars += line.length + 1;
  };
  const noteDropped = () => {
    if (dropped === 0) return;
    append(formatLogLine(clock(), "warn", "log lines dropped", { dropped, reason: "stderr not read" }));
    dropped = 0;
  };
  const take = () => {
    const text = `${pending.join("\n")}\n`;
    pending = [];
    pendingChars = 0;
    return text;
  };
  const idle = () => {
    if (pending.length > 0 || inFlight) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const schedule = () => {
    if (scheduled || inFlight) return;
    scheduled = true;
    setImmediate(writeOut);
  };
  function writeOut() {
    scheduled = false;
    if (inFlight || pending.length === 0) return idle();
    const text = take();
    if (!streamed) {
      stream.write(text);
      return idle();
    }
    inFlight = true;
    // Errors (EPIPE when the reader is gone) reach the stream's own error
    // handling; here the chunk is simply done with.
    stream.write(text, () => {
      inFlight = false;
      if (pending.length > 0) schedule();
      else idle();
    });
  }

  return {
    sink(line) {
      if (backlog() + line.length + 1 > maxChars) {
        dropped++;
        return;
      }
      noteDropped();
      append(line);
      schedule();
    },
    flush(timeoutMs = 10_000) {
      noteDropped();
      writeOut();
      if (pending.length === 0 && !inFlight) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
    flushSync() {
      noteDropped();
      if (pending.length === 0) return;
      // A chunk still queued in the stream is lost with the process; start
      // on a fresh line so what follows stays parseable.
      const text = (inFlight ? "\n" : "") + take();
      if (stream.fd === undefined) stream.write(text);
      else writeAllSync(stream.fd, text, writeSync, syncDeadlineMs);
    },
  };
}

/**
 * Writes all of `text`, retrying while the descriptor (non-blocking once node
 * opened it as a pipe) says EAGAIN, until the deadline: at exit a full pipe
 * nobody reads must not hang the process.
 */
function writeAllSync(
  fd: number,
  text: string,
  writeSync: (fd: number, bytes: Uint8Array) => number,
  deadlineMs: number,
) {
  let rest = Buffer.from(text);
  const deadline = Date.now() + deadlineMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN" || Date.now() > deadline) return;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}
