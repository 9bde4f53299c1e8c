/**
 * What was wrong with a path. A caller can branch on it (a CLI may offer to
 * fix "loose-mode"; a runner treats every code as fatal) without parsing the
 * message.
 */
export type SecureFileErrorCode =
  | "symlink"
  | "not-directory"
  | "not-regular-file"
  | "wrong-owner"
  | "loose-mode"
  | "bad-name"
  | "io";

/**
 * The one error this library throws for anything found on disk. The message
 * names the path and the problem; it never carries file contents, so it is
 * safe to log.
 */
export class SecureFileError extends Error {
  override readonly name = "SecureFileError";

  constructor(
    readonly code: SecureFileErrorCode,
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The errno name of a Node system error (`ENOENT`, …), if it is one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/**
 * Wraps a failed system call. Only the errno name goes into the message:
 * Node's own messages name the path too, which this one already does.
 */
export function ioError(action: string, path: string, cause: unknown): SecureFileError {
  const reason = errnoCode(cause) ?? (cause instanceof Error ? cause.name : "unknown error");
  return new SecureFileError("io", path, `could not ${action} ${path}: ${reason}`, { cause });
}

/** Runs one system call, reporting its failure as an "io" error on `path`. */
export async function attempt<T>(action: string, path: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw ioError(action, path, error);
  }
}
