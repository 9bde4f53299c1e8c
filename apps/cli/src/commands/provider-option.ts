import { FieldRequirement } from "@acp/proto";
import type { Provider, ProviderRegistry } from "@acp/providers";
import { type Command, Option } from "commander";

/** `--provider P`, its choices read from the registry, so a new provider needs no CLI change. */
export function addProviderOption(command: Command, registry: ProviderRegistry, description: string): void {
  command.addOption(new Option("--provider <name>", description).choices(registry.shortNames()));
}

/** Commander checked the choice against the same registry. */
export function providerOf(opts: Readonly<Record<string, unknown>>, registry: ProviderRegistry): Provider | undefined {
  const name = opts["provider"];
  return typeof name === "string" ? registry.byShortName(name) : undefined;
}

/** The fields a provider insists on, e.g. ["--url", "--email"]. */
export function requiredFlags(provider: Provider): string[] {
  return [
    ...(provider.url === FieldRequirement.REQUIRED ? ["--url"] : []),
    ...(provider.email === FieldRequirement.REQUIRED ? ["--email"] : []),
  ];
}

/** Help text listing each provider with what its secret is and what else it needs. */
export function providersHelp(registry: ProviderRegistry): string {
  const width = Math.max(...registry.shortNames().map((name) => name.length));
  const lines = registry.all().map((provider) => {
    const required = requiredFlags(provider);
    const needs = required.length > 0 ? ` Requires ${required.join(" and ")}.` : "";
    return `  ${provider.shortName.padEnd(width)}  ${provider.secretHelp}${needs}`;
  });
  return `\nProviders:\n${lines.join("\n")}\n`;
}
