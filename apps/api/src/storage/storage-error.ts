/**
 * A database failure the caller cannot act on. The message names only the
 * operation: driver messages can quote SQL, parameters or row values, so the
 * original error travels as `cause` for logs that are allowed to see it.
 */
export class StorageError extends Error {
  constructor(readonly operation: string, options?: { cause?: unknown }) {
    super(`storage operation "${operation}" failed`, options);
    this.name = "StorageError";
  }
}
