import type { DescMessage, DescMethod, DescService, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { GrpcCallOptions } from "./call-options.js";
import type { GrpcChannel } from "./grpc-channel.js";
import { grpcServiceDefinition } from "./grpc-service-definition.js";
import { serverStreamCall } from "./server-stream-call.js";
import { unaryCall } from "./unary-call.js";

type UnaryMethod<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: GrpcCallOptions,
) => Promise<MessageShape<O>>;

/** Lazy: the call starts at the first `next()`; leaving the loop early cancels it. */
type ServerStreamMethod<I extends DescMessage, O extends DescMessage> = (
  request: MessageInitShape<I>,
  options?: GrpcCallOptions,
) => AsyncIterable<MessageShape<O>>;

/** A client with one method per unary or server-streaming RPC of the service. */
export type GrpcClient<S extends DescService> = {
  [K in keyof S["method"] as S["method"][K] extends { methodKind: "unary" | "server_streaming" }
    ? K
    : never]: S["method"][K] extends {
    methodKind: "unary";
    input: infer I extends DescMessage;
    output: infer O extends DescMessage;
  }
    ? UnaryMethod<I, O>
    : S["method"][K] extends { input: infer I extends DescMessage; output: infer O extends DescMessage }
      ? ServerStreamMethod<I, O>
      : never;
};

/** Calls `service` over `channel`; client- and bidi-streaming RPCs are left out. */
export function createGrpcClient<S extends DescService>(service: S, channel: GrpcChannel): GrpcClient<S> {
  const definition = grpcServiceDefinition(service);
  const methods: Record<string, unknown> = {};
  for (const method of service.methods as readonly DescMethod[]) {
    const def = definition[method.localName]!;
    if (method.methodKind === "unary") {
      methods[method.localName] = (request: Message, options: GrpcCallOptions = {}) =>
        unaryCall(channel.client, def, request, options);
    } else if (method.methodKind === "server_streaming") {
      methods[method.localName] = (request: Message, options: GrpcCallOptions = {}) =>
        serverStreamCall(channel.client, def, request, options);
    }
  }
  return methods as GrpcClient<S>;
}
