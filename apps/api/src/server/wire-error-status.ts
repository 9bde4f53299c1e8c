import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Code } from "@connectrpc/connect";
import type { UniversalServerResponse } from "@connectrpc/connect/protocol";
import { codeFromString, codeToHttpStatus, codeToString } from "@connectrpc/connect/protocol-connect";
import { tapChunks } from "./chunk-tap.js";

/** An error status as a client receives it, whatever the protocol. */
export interface WireStatus {
  readonly code: Code;
  readonly message: string;
}

export type StatusRewrite = (status: WireStatus) => WireStatus;

/**
 * Applies `rewrite` to an error response in whichever encoding it travels:
 * Connect's JSON body, gRPC's headers or trailers, or gRPC-Web's trailer frame.
 * Some connect-es errors are produced before any interceptor runs, so this is
 * the only place they can be corrected.
 *
 * gRPC messages are always re-encoded as the spec asks (only bytes outside
 * printable ASCII, and "%", escaped): connect-es uses encodeURIComponent, and
 * grpc-js decodes with decodeURI, so its users saw "%3A" for every colon.
 */
export async function rewriteErrorStatus(
  res: UniversalServerResponse,
  rewrite: StatusRewrite,
): Promise<UniversalServerResponse> {
  const type = res.header?.get("content-type") ?? "";
  if (type.startsWith("application/connect+"))
    return { ...res, body: res.body && rewriteConnectEndStream(res.body, res.header, rewrite) };
  if (type.startsWith("application/grpc-web"))
    return { ...res, body: res.body && rewriteGrpcWebTrailer(res.body, rewrite) };
  if (type.startsWith("application/grpc")) {
    rewriteGrpcHeaders(res.header, rewrite);
    return { ...res, body: res.body && afterBody(res.body, () => rewriteGrpcHeaders(res.trailer, rewrite)) };
  }
  if (res.status >= 400 && type.startsWith("application/json") && res.body) return rewriteConnectError(res, rewrite);
  return res;
}

function rewriteGrpcHeaders(headers: Headers | undefined, rewrite: StatusRewrite): void {
  const raw = headers?.get("grpc-status");
  if (!headers || raw === null || raw === undefined || raw === "0") return;
  const next = rewrite({ code: Number(raw) as Code, message: decodeGrpcMessage(headers.get("grpc-message") ?? "") });
  headers.set("grpc-status", String(next.code));
  headers.set("grpc-message", encodeGrpcMessage(next.message));
}

/** Percent-encoding as the gRPC HTTP/2 spec defines it for grpc-message. */
export function encodeGrpcMessage(message: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(message)) {
    out +=
      byte < 0x20 || byte > 0x7e || byte === 0x25
        ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
        : String.fromCharCode(byte);
  }
  return out;
}

function decodeGrpcMessage(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function afterBody(body: AsyncIterable<Uint8Array>, done: () => void): AsyncIterable<Uint8Array> {
  return tapChunks(body, { end: (complete) => complete && done() });
}

async function rewriteConnectError(
  res: UniversalServerResponse,
  rewrite: StatusRewrite,
): Promise<UniversalServerResponse> {
  const bytes = await collect(res.body!);
  const unchanged = { ...res, body: once(bytes) };
  const error = readJsonError(bytes, res.header?.get("content-encoding") ?? "identity");
  const code = error?.code === undefined ? undefined : codeFromString(error.code);
  if (!error || code === undefined) return unchanged;
  const next = rewrite({ code, message: error.message ?? "" });
  if (next.code === code && next.message === error.message) return unchanged;
  // Sent uncompressed: error bodies are small, and this path is rare.
  const body = new TextEncoder().encode(
    JSON.stringify({ ...error, code: codeToString(next.code), message: next.message }),
  );
  res.header?.delete("content-encoding");
  res.header?.set("content-length", String(body.byteLength));
  return { ...res, status: codeToHttpStatus(next.code), body: once(body) };
}

/** connect-es compresses large error bodies too; undefined when the body is not a readable error. */
function readJsonError(bytes: Uint8Array, encoding: string): { code?: string; message?: string } | undefined {
  const parsed = readJson(bytes, encoding);
  return typeof parsed === "object" && parsed !== null ? (parsed as { code?: string; message?: string }) : undefined;
}

function readJson(bytes: Uint8Array, encoding: string): unknown {
  try {
    const plain =
      encoding === "gzip"
        ? gunzipSync(bytes)
        : encoding === "br"
          ? brotliDecompressSync(bytes)
          : encoding === "identity"
            ? bytes
            : undefined;
    return plain && JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return undefined;
  }
}

/** Connect streaming ends with an envelope flagged 0x02 holding {"error": {code, message}, "metadata": …}. */
async function* rewriteConnectEndStream(
  body: AsyncIterable<Uint8Array>,
  header: Headers | undefined,
  rewrite: StatusRewrite,
): AsyncIterable<Uint8Array> {
  const encoding = header?.get("connect-content-encoding") ?? "identity";
  for await (const chunk of body) {
    const length = chunk.byteLength >= 5 ? Buffer.from(chunk).readUInt32BE(1) : -1;
    if ((chunk[0]! & 0x02) === 0 || length !== chunk.byteLength - 5) {
      yield chunk;
      continue;
    }
    const end = readJson(chunk.subarray(5), chunk[0]! & 0x01 ? encoding : "identity") as
      | { error?: { code?: string; message?: string } }
      | undefined;
    const code = end?.error?.code === undefined ? undefined : codeFromString(end.error.code);
    if (!end?.error || code === undefined) {
      yield chunk;
      continue;
    }
    const next = rewrite({ code, message: end.error.message ?? "" });
    const payload = Buffer.from(
      JSON.stringify({ ...end, error: { ...end.error, code: codeToString(next.code), message: next.message } }),
    );
    const frame = Buffer.alloc(5);
    frame[0] = 0x02;
    frame.writeUInt32BE(payload.byteLength, 1);
    yield Buffer.concat([frame, payload]);
  }
}

/** The trailer frame of gRPC-Web: flag 0x80, 4-byte length, then HTTP/1-style header lines. */
async function* rewriteGrpcWebTrailer(
  body: AsyncIterable<Uint8Array>,
  rewrite: StatusRewrite,
): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    if (chunk[0] !== 0x80 || chunk.byteLength < 5) {
      yield chunk;
      continue;
    }
    const length = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).getUint32(1);
    const headers = new Headers();
    for (const line of new TextDecoder().decode(chunk.subarray(5, 5 + length)).split("\r\n")) {
      const at = line.indexOf(":");
      if (at > 0) headers.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
    rewriteGrpcHeaders(headers, rewrite);
    const payload = new TextEncoder().encode([...headers].map(([k, v]) => `${k}: ${v}\r\n`).join(""));
    const frame = Buffer.alloc(5 + payload.byteLength);
    frame[0] = 0x80;
    frame.writeUInt32BE(payload.byteLength, 1);
    frame.set(payload, 5);
    yield Buffer.concat([frame, chunk.subarray(5 + length)]);
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
