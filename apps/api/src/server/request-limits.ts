/** What one request may make the server read and parse; checked before parsing. */
export interface RequestLimits {
  /**
   * The largest request message. Room for the largest secret a provider
   * accepts plus the oversized inputs we must still be able to refuse with a
   * field-named InvalidArgument.
   */
  readonly maxRequestBytes: number;
  /** The deepest JSON nesting a request may have; our messages need fewer than ten. */
  readonly maxJsonDepth: number;
  /**
   * Request bytes all calls in flight may hold together; past it, calls fail
   * with ResourceExhausted. Measured under a stream flood (10 sessions × 100
   * unfinished bodies): 128 MiB peaked at 518 MB RSS, 32 MiB at 290-320 MB,
   * with the well-behaved client still served at p50 17 ms.
   */
  readonly maxBufferedRequestBytes: number;
}

export const defaultRequestLimits: RequestLimits = {
  maxRequestBytes: 8 * 1024 * 1024,
  maxJsonDepth: 64,
  maxBufferedRequestBytes: 32 * 1024 * 1024,
};
