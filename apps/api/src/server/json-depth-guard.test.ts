import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { guardJsonDepth } from "./json-depth-guard.js";

async function read(chunks: readonly (string | Uint8Array)[], maxDepth: number, enveloped = false) {
  const source = (async function* () {
    for (const chunk of chunks) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  })();
  try {
    let bytes = 0;
    for await (const chunk of guardJsonDepth(source, maxDepth, enveloped)) bytes += chunk.byteLength;
    return bytes;
  } catch (error) {
    return ConnectError.from(error);
  }
}

const envelope = (json: string, flags = 0) => {
  const payload = Buffer.from(json);
  const header = Buffer.alloc(5);
  header[0] = flags;
  header.writeUInt32BE(payload.byteLength, 1);
  return Buffer.concat([header, payload]);
};

describe("guardJsonDepth", () => {
  it("passes JSON at the limit through unchanged and refuses one level more, across chunk boundaries", async () => {
    expect(await read(["[[", "[]]", "]"], 3)).toBe(6);
    const refused = await read(["[[", "[[]]", "]]"], 3);
    expect(refused).toBeInstanceOf(ConnectError);
    expect((refused as ConnectError).code).toBe(Code.InvalidArgument);
  });

  it("does not count brackets inside strings, escaped quotes included", async () => {
    expect(await read([String.raw`{"a":"[[[\"[[[","b":"\\"}`], 1)).toBeTypeOf("number");
    expect(await read([String.raw`{"a":"\\"`, `,"b":[[]]}`], 2)).toBeInstanceOf(ConnectError);
  });

  it("skips envelope headers, whose length bytes may look like brackets, and compressed messages", async () => {
    // 0x5b is "[": a 91-byte message has it in its header.
    const ninetyOne = `{"a":"${"x".repeat(91 - 8)}"}`;
    expect(ninetyOne.length).toBe(91);
    const framed = envelope(ninetyOne);
    expect(await read([framed.subarray(0, 3), framed.subarray(3)], 1, true)).toBe(framed.byteLength);
    expect(await read([envelope("[[[[", 0x01)], 1, true)).toBeTypeOf("number");
    expect(await read([Buffer.concat([envelope("[]"), envelope("[[[]]]")])], 2, true)).toBeInstanceOf(ConnectError);
  });
});
