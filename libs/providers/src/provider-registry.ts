import { provider as providerOption } from "@acp/proto";
import { type DescEnum, getOption, hasOption } from "@bufbuild/protobuf";
import type { FieldViolation } from "./field-violation.js";
import type { Provider } from "./provider.js";
import { ProviderSpecError } from "./provider-spec-error.js";
import { readProvider } from "./read-provider.js";

export interface ProviderRegistry {
  /** Every provider, ordered by enum number. */
  all(): readonly Provider[];
  /** The provider for an enum number; undefined for UNSPECIFIED and unknown numbers. */
  get(type: number): Provider | undefined;
  byShortName(shortName: string): Provider | undefined;
  /**
   * The provider a request names, or the violation that tells the caller what
   * to send instead; one lookup per request, whoever asks.
   */
  resolve(type: number): ResolvedProvider;
  /** Short names ordered by enum number, e.g. for CLI choices. */
  shortNames(): readonly string[];
}

export type ResolvedProvider =
  | { readonly ok: true; readonly provider: Provider }
  | { readonly ok: false; readonly violation: FieldViolation<"provider"> };

/**
 * Builds the registry from the `(acp.providers.v1.provider)` options of an
 * enum's values. Throws ProviderSpecError listing every malformed option, so a
 * bad proto change stops every process at start-up.
 */
export function createProviderRegistry(enumDesc: DescEnum): ProviderRegistry {
  const problems: string[] = [];
  const list: Provider[] = [];
  for (const value of [...enumDesc.values].sort((a, b) => a.number - b.number)) {
    const hasSpec = hasOption(value, providerOption);
    // Number 0 is the proto3 default, i.e. "not chosen"; it can never be a provider.
    if (value.number === 0) {
      if (hasSpec) problems.push(`${value.name} (0): the zero value must not carry a provider option`);
      continue;
    }
    if (!hasSpec) {
      problems.push(`${value.name} (${value.number}): has no (acp.providers.v1.provider) option`);
      continue;
    }
    const result = readProvider(value, getOption(value, providerOption));
    if (result.ok) list.push(result.provider);
    else problems.push(...result.problems);
  }

  const byShortName = new Map<string, Provider>();
  for (const entry of list) {
    const earlier = byShortName.get(entry.shortName);
    if (earlier !== undefined) {
      problems.push(
        `${entry.enumValueName} (${entry.type}): short_name ${JSON.stringify(entry.shortName)} ` +
          `is already used by ${earlier.enumValueName}`,
      );
    }
    byShortName.set(entry.shortName, entry);
  }
  if (problems.length > 0) throw new ProviderSpecError(enumDesc.typeName, problems);

  const byType = new Map(list.map((entry) => [entry.type, entry]));
  const all = Object.freeze([...list]);
  const shortNames = Object.freeze(list.map((entry) => entry.shortName));
  return {
    all: () => all,
    get: (type) => byType.get(type),
    byShortName: (shortName) => byShortName.get(shortName),
    shortNames: () => shortNames,
    resolve(type) {
      const provider = byType.get(type);
      if (provider !== undefined) return { ok: true, provider };
      const choices = shortNames.join(", ");
      const description =
        type === 0 ? `must be set; one of ${choices}` : `unknown provider ${type}; expected one of ${choices}`;
      return { ok: false, violation: { field: "provider", description } };
    },
  };
}
