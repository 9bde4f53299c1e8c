import { describe, expect, it } from "vitest";
import { createBufferedOutput, type LogStream } from "./buffered-output.js";

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A node-like stream whose chunks finish only when the test says so, as a pipe nobody reads. */
function slowStream() {
  const chunks: string[] = [];
  const done: (() => void)[] = [];
  let queued = 0;
  const stream: LogStream & { fd?: number } = {
    get writableLength() {
      return queued;
    },
    write(text, callback) {
      chunks.push(text);
      queued += text.length;
      done.push(() => {
        queued -= text.length;
        callback?.();
      });
      return false;
    },
  };
  return {
    stream,
    chunks,
    /** Lets the oldest chunk finish. */
    finishOne: () => {
      const next = done.shift();
      next?.();
      return next;
    },
    lines: () => chunks.join("").split("\n").filter(Boolean),
  };
}

describe("createBufferedOutput", () => {
  it("writes nothing during the turn, then every line of the turn in one write", async () => {
    const writes: string[] = [];
    const output = createBufferedOutput({ write: (text) => writes.push(text) });
    output.sink("a");
    output.sink("b");
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(["a\nb\n"]);
  });

  it("keeps one chunk in flight and gathers what comes meanwhile into the next", async () => {
    const slow = slowStream();
    const output = createBufferedOutput(slow.stream);
    output.sink("1");
    await turn();
    output.sink("2");
    output.sink("3");
    await turn();
    expect(slow.chunks).toEqual(["1\n"]);
    slow.finishOne();
    await turn();
    expect(slow.chunks).toEqual(["1\n", "2\n3\n"]);
  });

  it("cuts a backlog into whole-line chunks of at most PIPE_BUF bytes, so workers sharing a pipe cannot cut into a line", async () => {
    const slow = slowStream();
    const output = createBufferedOutput(slow.stream);
    const lines = Array.from({ length: 300 }, (_, i) => `{"n":${i},"pad":"${"é".repeat(i % 40)}"}`);
    lines.splice(150, 0, "x".repeat(5000));
    for (const line of lines) output.sink(line);
    await turn();
    while (slow.finishOne() !== undefined || slow.chunks.length === 0) await turn();
    for (const chunk of slow.chunks) {
      expect(chunk.endsWith("\n")).toBe(true);
      if (!chunk.startsWith("xxx")) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(4096);
    }
    expect(slow.chunks).toContain(`${"x".repeat(5000)}\n`);
    expect(slow.lines()).toEqual(lines);
  });

  it("bounds the backlog under a stalled reader, counts what it drops and logs the count once", async () => {
    const slow = slowStream();
    const output = createBufferedOutput(slow.stream, { maxBufferedBytes: 200, clock: () => "T" });
    // With their newlines, 0-9 take 7 chars each and 10-25 take 8: 198 in all, so 26-39 do not fit.
    for (let i = 0; i < 40; i++) output.sink(`line ${i}`);
    await turn();
    expect(slow.lines()).toEqual(Array.from({ length: 26 }, (_, i) => `line ${i}`));
    slow.finishOne();
    output.sink("after");
    output.sink("again");
    await turn();
    const logged = slow.lines();
    expect(logged.slice(26)).toEqual([
      '{"time":"T","level":"warn","msg":"log lines dropped","dropped":14,"reason":"stderr not read"}',
      "after",
      "again",
    ]);
  });

  it("flush resolves once the last chunk is out, or says it timed out", async () => {
    const slow = slowStream();
    const output = createBufferedOutput(slow.stream);
    output.sink("x");
    const flushed = output.flush(60_000);
    // flush does not wait for the next turn to hand the lines over.
    expect(slow.chunks).toEqual(["x\n"]);
    let settled = false;
    void flushed.then(() => (settled = true));
    await turn();
    expect(settled).toBe(false);
    slow.finishOne();
    expect(await flushed).toBe(true);

    output.sink("stuck");
    expect(await output.flush(10)).toBe(false);
  });

  it("flushSync writes what is left to the descriptor, through EAGAIN and short writes, and on a fresh line", async () => {
    const slow = slowStream();
    slow.stream.fd = 2;
    const written: string[] = [];
    let again = 2;
    const writeSync = (_fd: number, bytes: Uint8Array) => {
      if (again-- > 0) throw Object.assign(new Error("EAGAIN"), { code: "EAGAIN" });
      const n = Math.min(bytes.length, 4);
      written.push(Buffer.from(bytes.subarray(0, n)).toString());
      return n;
    };
    const output = createBufferedOutput(slow.stream, { writeSync });
    output.sink("in flight");
    await turn();
    output.sink("last words");
    output.flushSync();
    expect(written.join("")).toBe("\nlast words\n");
    output.flushSync();
    expect(written.join("")).toBe("\nlast words\n");
  });

  it("flushSync gives up on a descriptor that stays full, rather than hang the exit", () => {
    const writeSync = () => {
      throw Object.assign(new Error("EAGAIN"), { code: "EAGAIN" });
    };
    const output = createBufferedOutput(
      { write: () => true, writableLength: 0, fd: 2 },
      {
        writeSync,
        syncDeadlineMs: 20,
      },
    );
    output.sink("never read");
    const start = Date.now();
    output.flushSync();
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});
