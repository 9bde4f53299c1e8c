import type { DescService } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { type UniversalClientFn, validateReadWriteMaxBytes } from "@connectrpc/connect/protocol";
import { createTransport } from "@connectrpc/connect/protocol-connect";
import type { Target } from "../config/index.js";
import { CliError } from "../io/index.js";
import { parseEndpoint } from "./endpoint.js";
import { createHttp1Client, Http1Connections } from "./http1-client.js";

/**
 * Clients of the contract's services, made on first use: a command names the
 * service it calls (`api.client(CredentialService)`), so only that service's
 * descriptors are decoded.
 */
export interface ApiClients {
  client<Service extends DescService>(service: Service): Client<Service>;
  /** Drops pooled connections, so an in-process caller leaves no socket behind. */
  close(): void;
}

export interface ClientOptions {
  /** Every call's deadline. */
  readonly timeoutMs: number;
  /** HTTP/2 even for an http:// or https:// server. */
  readonly http2: boolean;
}

/**
 * How commands get clients; tests may hand in their own. It may answer with
 * a promise, so the process's factory can load connect only for a command
 * that calls (main.ts).
 */
export type ClientFactory = (target: Target, options: ClientOptions) => ApiClients | Promise<ApiClients>;

/**
 * Connect-protocol clients for `target`. Every call carries the bearer token
 * and the deadline. Failures stay ConnectErrors here (connect would wrap
 * anything else an interceptor threw); `describeCallError` turns them into
 * what the user reads. HTTP/1.1 goes through connect's own transport on
 * node:http; connect-node (node:http2, its session manager) loads only for
 * HTTP/2.
 */
export const createApiClients: ClientFactory = async (target, options) => {
  const parsed = parseEndpoint(target.server, options.http2);
  if (!parsed.ok) throw new CliError(parsed.problem);
  const { baseUrl, httpVersion } = parsed.endpoint;
  const common = transportOptions(baseUrl, target, options);
  if (httpVersion === "2") {
    const { createConnectTransport, Http2SessionManager } = await import("@connectrpc/connect-node");
    const sessionManager = new Http2SessionManager(baseUrl);
    return clientsOver(createConnectTransport({ ...common, httpVersion, sessionManager }), () =>
      sessionManager.abort(),
    );
  }
  return http1ApiClients(baseUrl, target, options, new Http1Connections());
};

/**
 * Clients over the Connect protocol on HTTP/1.1, on `connections`: sockets,
 * or the snapshot warmup's connections that answer from memory.
 */
export function http1ApiClients(
  baseUrl: string,
  target: Target,
  options: ClientOptions,
  connections: Http1Connections,
): ApiClients {
  const transport = http1Transport(transportOptions(baseUrl, target, options), createHttp1Client(connections));
  return clientsOver(transport, () => connections.close());
}

type TransportOptions = ReturnType<typeof transportOptions>;

function transportOptions(baseUrl: string, target: Target, options: ClientOptions) {
  const withToken: Interceptor = (next) => (req) => {
    // Checked here, not by Headers.set, whose refusal quotes the value: the token.
    if (!/^[\x21-\x7e]+$/.test(target.token)) {
      throw new ConnectError("the token holds a character an HTTP header cannot carry", Code.InvalidArgument);
    }
    req.header.set("Authorization", `Bearer ${target.token}`);
    return next(req);
  };
  // No compressed answers: acpctl's messages are small, and inflating one
  // measured 5 ms of a `credential list` (node:zlib's first use), more than
  // the bytes it saves on any link a person types commands over.
  return { baseUrl, interceptors: [withToken], defaultTimeoutMs: options.timeoutMs, acceptCompression: [] };
}

function http1Transport(common: TransportOptions, httpClient: UniversalClientFn): Transport {
  return createTransport({
    ...common,
    httpClient,
    useBinaryFormat: true,
    sendCompression: null,
    ...validateReadWriteMaxBytes(undefined, undefined, undefined),
  });
}

function clientsOver(transport: Transport, close: () => void): ApiClients {
  const made = new Map<DescService, unknown>();
  return {
    client<Service extends DescService>(service: Service): Client<Service> {
      if (!made.has(service)) made.set(service, createClient(service, transport));
      return made.get(service) as Client<Service>;
    },
    close,
  };
}
