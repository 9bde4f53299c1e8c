import type { SecretBox } from "../crypto/index.js";
import type { Logger } from "../logging/logger.js";
import type { AuditTrail } from "../services/index.js";
import type { Store } from "../storage/index.js";
import { listenDualProtocol } from "./dual-protocol-listener.js";
import { authInterceptor } from "./interceptors/auth-interceptor.js";
import { errorInterceptor } from "./interceptors/error-interceptor.js";
import { logInterceptor } from "./interceptors/log-interceptor.js";
import { createNodeHandler } from "./node-handler.js";
import { createRoutes, publicServices } from "./routes.js";

// Room for the largest secret a provider accepts plus the oversized inputs we
// must still be able to refuse with a field-named InvalidArgument.
const readMaxBytes = 8 * 1024 * 1024;

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
}

export interface ApiServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Reports NOT_SERVING, lets in-flight calls finish, then stops listening. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  let shuttingDown = false;
  const handler = createNodeHandler({
    logger: options.logger,
    routes: createRoutes({ ...options, isShuttingDown: () => shuttingDown }),
    // Outermost first: logging sees auth failures, errors are sanitized before logging reads their code.
    interceptors: [
      logInterceptor(options.logger),
      errorInterceptor(options.logger),
      authInterceptor(
        { tokens: options.store.tokens, sessions: options.store.sessions, now: () => new Date() },
        (name) => publicServices.has(name),
      ),
    ],
    readMaxBytes,
  });
  const listener = await listenDualProtocol(options.host, options.port, handler);
  const { address, port } = listener.address;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    async close() {
      shuttingDown = true;
      await listener.close();
    },
  };
}
