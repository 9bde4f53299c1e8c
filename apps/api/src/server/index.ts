// The transport: one port serving Connect, gRPC and gRPC-Web.
export { type ApiServer, type ApiServerOptions, startApiServer } from "./api-server.js";
