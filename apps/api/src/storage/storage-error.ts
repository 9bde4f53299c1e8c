// Error codes (errno names, SQLite result codes, PostgreSQL SQLSTATEs) are
// short identifiers that say what went wrong without quoting any data.
const safeCodePattern = /^[A-Z0-9_]{1,40}$/;

function safeCode(cause: unknown): string | undefined {
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === "string" && safeCodePattern.test(code) ? code : undefined;
}

/**
 * A database failure the caller cannot act on. The message names only the
 * operation and the driver's error code: driver messages can quote SQL,
 * parameters or row values, so the original error travels as `cause` for logs
 * that are allowed to see it.
 */
export class StorageError extends Error {
  /** `detail` is our own explanation, never driver text. */
  constructor(
    readonly operation: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    const code = safeCode(options?.cause);
    const detail = options?.detail === undefined ? "" : `: ${options.detail}`;
    super(`storage operation "${operation}" failed${code === undefined ? "" : ` (${code})`}${detail}`, {
      cause: options?.cause,
    });
    this.name = "StorageError";
  }
}
