import { writeSync as fsWriteSync } from "node:fs";
import { createLineQueue } from "./line-queue.js";
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
  /** Bytes held (ours plus the stream's queue) before new lines are dropped and counted. */
  readonly maxBufferedBytes?: number;
  /** How long flushSync retries a stderr whose pipe is full. */
  readonly syncDeadlineMs?: number;
  readonly writeSync?: (fd: number, bytes: Uint8Array) => number;
  readonly clock?: () => string;
}

// Pipe writes up to PIPE_BUF bytes are atomic: with several workers on one
// stderr, a chunk no bigger than that can never be cut into by another's line.
const atomicPipeWrite = 4096;

/**
 * Lines are appended to memory and leave in writes of at most PIPE_BUF bytes,
 * one chunk in flight at a time, starting on the next event-loop turn
 * (setImmediate, so the "listening" line is out before any timer fires). A
 * reader that stops reading never blocks the server: the backlog is bounded,
 * what does not fit is counted, and the count is logged once there is room again.
 */
export function createBufferedOutput(stream: LogStream, options: BufferedOutputOptions = {}): BufferedOutput {
  const maxBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const syncDeadlineMs = options.syncDeadlineMs ?? 1_000;
  const writeSync = options.writeSync ?? fsWriteSync;
  const clock = options.clock ?? createIsoClock();
  const streamed = typeof stream.writableLength === "number";

  const queue = createLineQueue();
  let dropped = 0;
  let scheduled = false;
  let inFlight = false;
  let idleWaiters: (() => void)[] = [];

  const noteDropped = () => {
    if (dropped === 0) return;
    queue.push(formatLogLine(clock(), "warn", "log lines dropped", { dropped, reason: "stderr not read" }));
    dropped = 0;
  };
  const idle = () => {
    if (!queue.empty || inFlight) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const schedule = () => {
    if (scheduled || inFlight) return;
    scheduled = true;
    setImmediate(writeOut);
  };
  // Errors (EPIPE when the reader is gone) reach the stream's own error
  // handling; here the chunk is simply done with.
  const afterChunk = () => {
    inFlight = false;
    writeOut();
  };
  function writeOut() {
    scheduled = false;
    if (inFlight || queue.empty) return idle();
    if (!streamed) {
      stream.write(queue.take());
      return idle();
    }
    inFlight = true;
    stream.write(queue.take(atomicPipeWrite), afterChunk);
  }

  return {
    sink(line) {
      if (queue.bytes + (stream.writableLength ?? 0) + line.length > maxBytes) {
        dropped++;
        return;
      }
      noteDropped();
      queue.push(line);
      schedule();
    },
    flush(timeoutMs = 10_000) {
      noteDropped();
      writeOut();
      if (queue.empty && !inFlight) return Promise.resolve(true);
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
      if (queue.empty) return;
      // A chunk still queued in the stream is lost with the process; start
      // on a fresh line so what follows stays parseable.
      let lead = inFlight ? "\n" : "";
      if (stream.fd === undefined) return void stream.write(lead + queue.take());
      const deadline = Date.now() + syncDeadlineMs;
      while (!queue.empty) {
        writeAllSync(stream.fd, lead + queue.take(atomicPipeWrite), writeSync, deadline);
        lead = "";
      }
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
  deadline: number,
) {
  let rest = Buffer.from(text);
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
