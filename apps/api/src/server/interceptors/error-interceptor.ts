import { randomBytes } from "node:crypto";
import { Code, ConnectError, type Interceptor, type StreamRequest, type UnaryRequest } from "@connectrpc/connect";
import type { Logger } from "../../logging/logger.js";

/**
 * Anything that is not a deliberate ConnectError becomes a bare Internal with a
 * reference id. Connect would otherwise send the raw message to the client,
 * and a database or crypto message can carry SQL, parameters or key material.
 */
export function errorInterceptor(logger: Logger): Interceptor {
  const fail = (err: unknown, req: UnaryRequest | StreamRequest): never => {
    if (err instanceof ConnectError) throw err;
    // A client that went away mid-call (a reset stream, a closed socket)
    // breaks the body read or the write with whatever Node throws: that is
    // the client's cancel, not our fault, and must not be logged as one.
    if (req.signal.aborted) throw new ConnectError("the call was canceled", Code.Canceled);
    const ref = randomBytes(6).toString("hex");
    logger.error("internal error", {
      ref,
      method: req.method.name,
      error: err instanceof Error ? err.name : typeof err,
    });
    throw new ConnectError(`internal error (ref ${ref})`, Code.Internal);
  };
  // Not an async function, which would add a promise and its turns of the microtask queue to every call.
  return (next) => (req) => {
    try {
      return next(req).catch((err: unknown) => fail(err, req));
    } catch (err) {
      return Promise.reject(err).catch((e: unknown) => fail(e, req));
    }
  };
}
