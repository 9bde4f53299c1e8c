import * as http from "node:http";
import * as https from "node:https";
import {
  AuditService,
  BindingService,
  CredentialService,
  ProjectService,
  SessionService,
  UserService,
} from "@acp/proto";
import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { Target } from "../config/index.js";
import { CliError } from "../io/index.js";
import { parseEndpoint } from "./endpoint.js";

/** One client per service of the contract; a new noun's command uses the one it needs. */
export interface ApiClients {
  readonly credentials: Client<typeof CredentialService>;
  readonly bindings: Client<typeof BindingService>;
  readonly users: Client<typeof UserService>;
  readonly projects: Client<typeof ProjectService>;
  readonly sessions: Client<typeof SessionService>;
  readonly audit: Client<typeof AuditService>;
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
 * what the user reads.
 */
export const createApiClients: ClientFactory = (target, options) => {
  const parsed = parseEndpoint(target.server, options.http2);
  if (!parsed.ok) throw new CliError(parsed.problem);
  const { baseUrl, httpVersion } = parsed.endpoint;
  const withToken: Interceptor = (next) => (req) => {
    req.header.set("Authorization", `Bearer ${target.token}`);
    return next(req);
  };
  // No compressed answers: acpctl's messages are small, and inflating one
  // measured 5 ms of a `credential list` (node:zlib's first use), more than
  // the bytes it saves on any link a person types commands over.
  const common = { baseUrl, interceptors: [withToken], defaultTimeoutMs: options.timeoutMs, acceptCompression: [] };
  let close: () => void;
  let transport: ReturnType<typeof createConnectTransport>;
  if (httpVersion === "2") {
    const sessionManager = new Http2SessionManager(baseUrl);
    transport = createConnectTransport({ ...common, httpVersion, sessionManager });
    close = () => sessionManager.abort();
  } else {
    const agent = baseUrl.startsWith("https:")
      ? new https.Agent({ keepAlive: true })
      : new http.Agent({ keepAlive: true });
    transport = createConnectTransport({ ...common, httpVersion, nodeOptions: { agent } });
    close = () => agent.destroy();
  }
  return {
    credentials: createClient(CredentialService, transport),
    bindings: createClient(BindingService, transport),
    users: createClient(UserService, transport),
    projects: createClient(ProjectService, transport),
    sessions: createClient(SessionService, transport),
    audit: createClient(AuditService, transport),
    close,
  };
};
