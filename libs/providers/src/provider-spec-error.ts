/**
 * Thrown while building a registry from an enum whose provider options are
 * inconsistent. Raised at construction so a bad proto change fails every
 * process at start-up instead of surfacing later as a confusing request error.
 */
export class ProviderSpecError extends Error {
  override readonly name = "ProviderSpecError";

  constructor(
    readonly enumTypeName: string,
    readonly problems: readonly string[],
  ) {
    super(`${enumTypeName} has malformed provider options:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}
