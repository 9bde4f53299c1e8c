/**
 * What one connection, stream or request may hold of the server. Every field
 * has a `serve` flag and an ACP_* variable (commands/serve-limits.ts); the
 * defaults are meant to be kept in production.
 *
 * None of them may cut a healthy long-lived stream: a runner's change stream
 * has finished its request and keeps a stream open, so it is never "idle",
 * never "unfinished" and never pipelined.
 */
export interface ConnectionLimits {
  /** HTTP/1.1: the request line and headers must arrive within this; also a new connection's first byte. */
  readonly headersTimeoutMs: number;
  /** Every request (HTTP/1.1, or an HTTP/2 stream) must have been received in full within this. */
  readonly requestTimeoutMs: number;
  /** HTTP/1.1: how long a connection may wait, between requests, for the next one. */
  readonly keepAliveTimeoutMs: number;
  /** HTTP/2: how long a session may go without any open stream before it is sent GOAWAY. */
  readonly idleTimeoutMs: number;
  /** HTTP/2: streams one session may have open at once (advertised in SETTINGS, refused beyond). */
  readonly maxConcurrentStreams: number;
  /**
   * HTTP/2: streams, across all sessions, whose request is still arriving. At the cap a new
   * stream takes the place of the newest one of the session holding the most (reset with
   * ENHANCE_YOUR_CALM) if that session holds more than the newcomer's; else it is refused
   * (REFUSED_STREAM, which clients may retry). Each holds buffers while it waits; a runner's
   * change stream has sent its request and does not count.
   */
  readonly maxIncompleteRequests: number;
  /** HTTP/2: memory one session's frames and headers may hold in nghttp2, in megabytes. */
  readonly maxSessionMemoryMb: number;
  /** Open connections the server accepts; more are closed at once and logged. Keep it below `ulimit -n`. */
  readonly maxConnections: number;
  /** HTTP/1.1: requests one connection may have waiting behind an unsent response before it is closed. */
  readonly maxPipelinedRequests: number;
  /**
   * Shutdown: how long in-flight calls may take to finish once the server stops
   * taking new ones; connections still open then are cut. A client that never
   * reads its answer (or a change stream's) would otherwise hold the drain open.
   */
  readonly drainTimeoutMs: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  maxConcurrentStreams: 100,
  maxIncompleteRequests: 1_000,
  maxSessionMemoryMb: 10,
  maxConnections: 4_096,
  maxPipelinedRequests: 16,
  drainTimeoutMs: 10_000,
};
