import type { SecretBox } from "../crypto/index.js";
import type { Logger } from "../logging/logger.js";
import { type AuditTrail, type Authenticator, authenticateBearer } from "../services/index.js";
import type { Store } from "../storage/index.js";
import { type ConnectionLimits, defaultConnectionLimits } from "./connection-limits.js";
import { listenDualProtocol } from "./dual-protocol-listener.js";
import { authInterceptor } from "./interceptors/auth-interceptor.js";
import { errorInterceptor } from "./interceptors/error-interceptor.js";
import { createNodeHandler } from "./node-handler.js";
import { defaultRequestLimits, type RequestLimits } from "./request-limits.js";
import { createRoutes, publicServices } from "./routes.js";

export interface ApiServerOptions {
  readonly store: Store;
  readonly box: SecretBox;
  /** Where every secret read and change is recorded; built by the caller, which holds the keyring. */
  readonly audit: AuditTrail;
  readonly logger: Logger;
  /** The longest runner-token lifetime a session may ask for. */
  readonly maxSessionTtlMs: number;
  readonly host: string;
  readonly port: number;
  readonly limits?: Partial<ConnectionLimits & RequestLimits>;
}

export interface ApiServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /**
   * Reports NOT_SERVING, ends change streams with Unavailable (they would
   * otherwise hold the drain open for as long as their runners live), lets
   * other in-flight calls finish, then stops listening.
   */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const shutdown = new AbortController();
  const limits = { ...defaultConnectionLimits, ...defaultRequestLimits, ...options.limits };
  const auth: Authenticator = { tokens: options.store.tokens, sessions: options.store.sessions, now: () => new Date() };
  const isPublic = (name: string) => publicServices.has(name);
  const handler = createNodeHandler({
    logger: options.logger,
    routes: createRoutes({ ...options, shutdown: shutdown.signal }),
    admit: async (service, authorization) => (isPublic(service) ? undefined : authenticateBearer(auth, authorization)),
    // Outermost first: errors are sanitized before the node handler logs their code.
    interceptors: [errorInterceptor(options.logger), authInterceptor(auth, isPublic)],
    readMaxBytes: limits.maxRequestBytes,
    maxJsonDepth: limits.maxJsonDepth,
    maxBufferedRequestBytes: limits.maxBufferedRequestBytes,
  });
  const listener = await listenDualProtocol(options.host, options.port, handler, { limits, logger: options.logger });
  const { address, port } = listener.address;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    async close() {
      shutdown.abort();
      await listener.close();
    },
  };
}
