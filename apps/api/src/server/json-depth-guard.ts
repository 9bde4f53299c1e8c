import { Code, ConnectError } from "@connectrpc/connect";
import { tapChunks } from "./chunk-tap.js";

/**
 * Counts JSON nesting as the bytes stream past, before anything parses them:
 * V8 parses `[[[…]]]` a hundred thousand levels deep without complaint, and
 * the CPU it burns is what the caller gets to spend. Strings are skipped, so
 * brackets inside a secret do not count.
 *
 * Enveloped protocols (Connect streaming, gRPC-Web/gRPC with +json) put a
 * 5-byte header before each message; those are skipped, as are compressed
 * messages, which no one parses before they are decompressed and bounded.
 */
export function guardJsonDepth(
  body: AsyncIterable<Uint8Array>,
  maxDepth: number,
  enveloped: boolean,
): AsyncIterable<Uint8Array> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Enveloped: bytes of the current header still to read, and of the message.
  let header: number[] = [];
  let messageLeft = 0;
  let skipMessage = false;
  const scan = (chunk: Uint8Array, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const byte = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === 0x5c) escaped = true;
        else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) inString = true;
      else if (byte === 0x5b || byte === 0x7b) {
        if (++depth > maxDepth)
          throw new ConnectError(`request JSON is nested deeper than ${maxDepth} levels`, Code.InvalidArgument);
      } else if (byte === 0x5d || byte === 0x7d) depth--;
    }
  };
  const scanEnveloped = (chunk: Uint8Array) => {
    let i = 0;
    while (i < chunk.byteLength) {
      if (messageLeft === 0) {
        header.push(chunk[i++]!);
        if (header.length < 5) continue;
        skipMessage = (header[0]! & 0x01) !== 0;
        messageLeft = Buffer.from(header).readUInt32BE(1);
        header = [];
        depth = 0;
        continue;
      }
      const end = Math.min(chunk.byteLength, i + messageLeft);
      if (!skipMessage) scan(chunk, i, end);
      messageLeft -= end - i;
      i = end;
    }
  };
  return tapChunks(body, {
    chunk(chunk) {
      if (enveloped) scanEnveloped(chunk);
      else scan(chunk, 0, chunk.byteLength);
      return chunk;
    },
  });
}
