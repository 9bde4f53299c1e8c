import { Code } from "@connectrpc/connect";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";

/**
 * connect-es reports an unparsable binary request as Internal ("parse binary:
 * …"), before any interceptor runs. To a client that is our fault when it is
 * theirs; connect-go and the gRPC spec say InvalidArgument. This rewrites that
 * one error, and nothing else, in each protocol's error encoding.
 */
export async function reclassifyParseErrors(res: UniversalServerResponse): Promise<UniversalServerResponse> {
  const type = res.header?.get("content-type") ?? "";
  if (type.startsWith("application/grpc-web")) return { ...res, body: res.body && rewriteGrpcWebTrailer(res.body) };
  if (type.startsWith("application/grpc")) {
    rewriteGrpcStatus(res.header);
    return { ...res, body: res.body && afterBody(res.body, () => rewriteGrpcStatus(res.trailer)) };
  }
  if (res.status === 500 && type.startsWith("application/json") && res.body) return rewriteConnectError(res);
  return res;
}

const internal = String(Code.Internal);
const invalid = String(Code.InvalidArgument);
const marker = "parse binary: ";
const reworded = (message: string) => `invalid request message: ${message.slice(marker.length)}`;

function rewriteGrpcStatus(headers: Headers | undefined): void {
  if (headers?.get("grpc-status") !== internal) return;
  const message = decodeURIComponent(headers.get("grpc-message") ?? "");
  if (!message.startsWith(marker)) return;
  headers.set("grpc-status", invalid);
  headers.set("grpc-message", encodeURIComponent(reworded(message)));
}

async function* afterBody(body: AsyncIterable<Uint8Array>, done: () => void): AsyncIterable<Uint8Array> {
  yield* body;
  done();
}

async function rewriteConnectError(res: UniversalServerResponse): Promise<UniversalServerResponse> {
  const bytes = await collect(res.body!);
  const error = JSON.parse(new TextDecoder().decode(bytes)) as { code?: string; message?: string };
  if (error.code !== "internal" || !error.message?.startsWith(marker)) return { ...res, body: once(bytes) };
  const body = new TextEncoder().encode(JSON.stringify({ code: "invalid_argument", message: reworded(error.message) }));
  res.header?.set("content-length", String(body.byteLength));
  return { ...res, status: 400, body: once(body) };
}

/** The trailer frame of gRPC-Web: flag 0x80, 4-byte length, then HTTP/1-style header lines. */
async function* rewriteGrpcWebTrailer(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    if (chunk[0] !== 0x80 || chunk.byteLength < 5) {
      yield chunk;
      continue;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const length = view.getUint32(1);
    const text = new TextDecoder().decode(chunk.subarray(5, 5 + length));
    const headers = new Headers();
    for (const line of text.split("\r\n")) {
      const at = line.indexOf(":");
      if (at > 0) headers.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
    rewriteGrpcStatus(headers);
    const lines = [...headers].map(([k, v]) => `${k}: ${v}\r\n`).join("");
    const payload = new TextEncoder().encode(lines);
    const frame = new Uint8Array(5 + payload.byteLength);
    frame[0] = 0x80;
    new DataView(frame.buffer).setUint32(1, payload.byteLength);
    frame.set(payload, 5);
    yield new Uint8Array([...frame, ...chunk.subarray(5 + length)]);
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}
