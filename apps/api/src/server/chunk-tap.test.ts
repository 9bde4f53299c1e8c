import { describe, expect, it } from "vitest";
import { tapChunks } from "./chunk-tap.js";

const bytes = (...values: number[]) => new Uint8Array(values);

/** A source that says whether it was let go of before its end. */
function source(chunks: readonly Uint8Array[], failAfter?: number) {
  const state = { released: false, read: 0 };
  const body = (async function* () {
    try {
      for (const chunk of chunks) {
        if (state.read === failAfter) throw new Error("socket reset");
        state.read++;
        yield chunk;
      }
    } finally {
      state.released = state.read < chunks.length;
    }
  })();
  return { body, state };
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const chunk of body) out.push([...chunk]);
  return out;
}

describe("tapChunks", () => {
  it("passes every chunk on as the tap returns it, and ends complete exactly once", async () => {
    const ends: boolean[] = [];
    const { body } = source([bytes(1, 2), bytes(3)]);
    const tapped = tapChunks(body, { chunk: (c) => c.map((b) => b * 10), end: (complete) => ends.push(complete) });
    expect(await readAll(tapped)).toEqual([[10, 20], [30]]);
    expect(ends).toEqual([true]);
  });

  it("ends the body where the tap returns undefined, and lets go of the source", async () => {
    const ends: boolean[] = [];
    const { body, state } = source([bytes(1), bytes(2), bytes(3)]);
    let seen = 0;
    const tapped = tapChunks(body, { chunk: (c) => (++seen > 1 ? undefined : c), end: (c) => ends.push(c) });
    expect(await readAll(tapped)).toEqual([[1]]);
    expect(state.released).toBe(true);
    expect(ends).toEqual([false]);
  });

  it("fails the read with what the tap throws, and lets go of the source", async () => {
    const ends: boolean[] = [];
    const { body, state } = source([bytes(1), bytes(2)]);
    const tapped = tapChunks(body, {
      chunk: () => {
        throw new Error("too deep");
      },
      end: (c) => ends.push(c),
    });
    await expect(readAll(tapped)).rejects.toThrow("too deep");
    expect(state.released).toBe(true);
    expect(ends).toEqual([false]);
  });

  it("passes on the source's failure, and ends incomplete", async () => {
    const ends: boolean[] = [];
    const { body } = source([bytes(1), bytes(2)], 1);
    const tapped = tapChunks(body, { end: (c) => ends.push(c) });
    await expect(readAll(tapped)).rejects.toThrow("socket reset");
    expect(ends).toEqual([false]);
  });

  it("ends incomplete when the reader gives up first, and lets go of the source", async () => {
    const ends: boolean[] = [];
    const { body, state } = source([bytes(1), bytes(2)]);
    for await (const _ of tapChunks(body, { end: (c) => ends.push(c) })) break;
    expect(state.released).toBe(true);
    expect(ends).toEqual([false]);
  });

  it("stays complete when a reader lets go after the end, as connect-node's writer always does", async () => {
    const ends: boolean[] = [];
    const it = tapChunks(source([bytes(1)]).body, { end: (c) => ends.push(c) })[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    expect((await it.next()).done).toBe(true);
    await it.return?.();
    expect(ends).toEqual([true]);
  });
});
