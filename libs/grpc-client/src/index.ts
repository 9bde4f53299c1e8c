export type { GrpcCallOptions } from "./call-options.js";
export { GrpcCallError, type GrpcCodeName, grpcCodeName } from "./grpc-call-error.js";
export { type GrpcChannel, type GrpcChannelOptions, openGrpcChannel } from "./grpc-channel.js";
export { createGrpcClient, type GrpcClient } from "./grpc-client.js";
export { grpcMethodPath, grpcServiceDefinition } from "./grpc-service-definition.js";
export { type InMemoryAnswer, withInMemoryServer } from "./in-memory-server.js";
export { type ServerTarget, ServerUrlError, serverTarget } from "./server-target.js";
