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
  /** Request bytes all calls in flight may hold together; past it, calls fail with ResourceExhausted. */
  readonly maxBufferedRequestBytes: number;
}

export const defaultRequestLimits: RequestLimits = {
  maxRequestBytes: 8 * 1024 * 1024,
  maxJsonDepth: 64,
  maxBufferedRequestBytes: 128 * 1024 * 1024,
};
