// Talking to acp-api: the endpoint a server URL means, Connect clients with
// the token and a deadline on every call, and failures in the user's terms.
export {
  type ApiClients,
  type ClientFactory,
  type ClientOptions,
  createApiClients,
  http1ApiClients,
} from "./api-clients.js";
export { describeCallError } from "./call-error.js";
export { type Endpoint, parseEndpoint } from "./endpoint.js";
export { createHttp1Client, Http1Connections, type Http1Connector } from "./http1-client.js";
