/** An error's message for a log line; our errors' messages never hold a secret. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
