// The transport: one port serving Connect, gRPC and gRPC-Web.
export { type ApiServer, type ApiServerOptions, startApiServer } from "./api-server.js";
export { type ConnectionLimits, defaultConnectionLimits } from "./connection-limits.js";
export { defaultRequestLimits, type RequestLimits } from "./request-limits.js";
