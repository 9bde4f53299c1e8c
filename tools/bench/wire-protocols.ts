// The three wire protocols the bench drives, as data: what h2load and the raw
// probe put in the request, how a body is encoded and decoded, and which
// connect-node transport speaks the protocol for the real-client check.
import {
  type DescMessage,
  fromBinary,
  fromJsonString,
  type MessageShape,
  toBinary,
  toJsonString,
} from "@bufbuild/protobuf";
import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, type Http2SessionManager } from "@connectrpc/connect-node";

export const protocolNames = ["connect-json", "connect-proto", "grpc"] as const;
export type ProtocolName = (typeof protocolNames)[number];

export interface WireProtocol {
  readonly name: ProtocolName;
  /**
   * Request headers besides the pseudo-headers and authorization. h2load and
   * the raw probe both send exactly these, so what was verified is what is timed.
   */
  readonly headers: Readonly<Record<string, string>>;
  encode<D extends DescMessage>(schema: D, message: MessageShape<D>): Uint8Array;
  /** Throws if the body is not one well-formed message of this protocol. */
  decode<D extends DescMessage>(schema: D, body: Uint8Array): MessageShape<D>;
  /** connect-node's own client side of the protocol, over an HTTP/2 session the caller owns. */
  transport(baseUrl: string, sessionManager: Http2SessionManager, interceptors: Interceptor[]): Transport;
}

// No compression, in every protocol: h2load would send "gzip, deflate", and
// a session's set (several KB) is above connect's 1 KiB compressMinBytes, so
// both servers would gzip it in Connect but not in gRPC, whose clients must
// ask with grpc-accept-encoding. Gzip is framework work, alike on both
// servers; it would only dilute the ratio. Naming the header here keeps the
// probe's request identical to h2load's.
const common = { "accept-encoding": "identity" };

const connectJson: WireProtocol = {
  name: "connect-json",
  headers: { ...common, "content-type": "application/json", "connect-protocol-version": "1" },
  encode: (schema, message) => Buffer.from(toJsonString(schema, message)),
  decode: (schema, body) => fromJsonString(schema, Buffer.from(body).toString("utf8")),
  transport: (baseUrl, sessionManager, interceptors) =>
    createConnectTransport({ baseUrl, httpVersion: "2", sessionManager, interceptors, useBinaryFormat: false }),
};

const connectProto: WireProtocol = {
  name: "connect-proto",
  headers: { ...common, "content-type": "application/proto", "connect-protocol-version": "1" },
  encode: (schema, message) => toBinary(schema, message),
  decode: (schema, body) => fromBinary(schema, body),
  transport: (baseUrl, sessionManager, interceptors) =>
    createConnectTransport({ baseUrl, httpVersion: "2", sessionManager, interceptors, useBinaryFormat: true }),
};

const grpc: WireProtocol = {
  name: "grpc",
  headers: { ...common, "content-type": "application/grpc", te: "trailers" },
  encode: (schema, message) => grpcFrame(toBinary(schema, message)),
  decode: (schema, body) => fromBinary(schema, grpcUnframe(body)),
  transport: (baseUrl, sessionManager, interceptors) => createGrpcTransport({ baseUrl, sessionManager, interceptors }),
};

export const wireProtocols: Readonly<Record<ProtocolName, WireProtocol>> = {
  "connect-json": connectJson,
  "connect-proto": connectProto,
  grpc,
};

/** The gRPC length-prefixed message: flag byte 0 (uncompressed), big-endian uint32 length, the message. */
function grpcFrame(message: Uint8Array): Uint8Array {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** The one uncompressed message of a unary gRPC response body. */
function grpcUnframe(body: Uint8Array): Uint8Array {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length < 5) throw new Error(`gRPC body of ${bytes.length} bytes has no message prefix`);
  if (bytes[0] !== 0) throw new Error(`gRPC message flag ${bytes[0]}, expected 0 (uncompressed)`);
  const length = bytes.readUInt32BE(1);
  if (bytes.length !== 5 + length)
    throw new Error(`gRPC body of ${bytes.length} bytes, but its prefix announces ${5 + length}`);
  return bytes.subarray(5);
}
