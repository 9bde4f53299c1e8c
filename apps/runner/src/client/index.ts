export { ServerUrlError } from "@acp/grpc-client";
export type { BackoffOptions } from "./backoff.js";
export { openSessionApi, type SessionApi } from "./open-session-api.js";
export { RunnerCallError, type RunnerCallErrorKind } from "./runner-call-error.js";
export type { SessionApiOptions } from "./session-api-context.js";
export { credentialView, type SessionCredentialView, type SessionSnapshot, snapshotOf } from "./session-snapshot.js";
export type { WatchEnd, WatchHandlers } from "./watch-credentials.js";
