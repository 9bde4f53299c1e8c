import { type EnvVar, FieldRequirement, ValueSource } from "@acp/proto";
import type { ProviderEnvValue, ProviderEnvVar, ProviderFile } from "./provider.js";

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface EnvContext {
  url: FieldRequirement;
  email: FieldRequirement;
  file: ProviderFile | undefined;
}

/** Checks ProviderSpec.env against the rest of the spec it draws values from. */
export function readProviderEnv(
  env: readonly EnvVar[],
  context: EnvContext,
  report: (problem: string) => void,
): ProviderEnvVar[] {
  const seen = new Set<string>();
  const result: ProviderEnvVar[] = [];
  env.forEach((variable, index) => {
    const where = `env[${index}] (${variable.name})`;
    if (!envName.test(variable.name)) report(`${where}: name must match ${envName.source}`);
    if (seen.has(variable.name)) report(`${where}: name appears more than once`);
    seen.add(variable.name);
    const value = readValue(variable, context, (problem) => report(`${where}: ${problem}`));
    if (value !== undefined) result.push({ name: variable.name, value });
  });
  return result;
}

function readValue(
  variable: EnvVar,
  context: EnvContext,
  report: (problem: string) => void,
): ProviderEnvValue | undefined {
  const { value } = variable;
  if (value.case === "literal") return { kind: "literal", literal: value.value };
  if (value.case === undefined) {
    report("sets neither source nor literal");
    return undefined;
  }
  switch (value.value) {
    case ValueSource.SECRET:
      return { kind: "secret" };
    case ValueSource.URL:
      // A variable fed from a field the provider never accepts would always be empty.
      if (context.url === FieldRequirement.UNUSED) {
        report("source is VALUE_SOURCE_URL but url is FIELD_REQUIREMENT_UNUSED");
      }
      return { kind: "url" };
    case ValueSource.EMAIL:
      if (context.email === FieldRequirement.UNUSED) {
        report("source is VALUE_SOURCE_EMAIL but email is FIELD_REQUIREMENT_UNUSED");
      }
      return { kind: "email" };
    case ValueSource.FILE_PATH:
      if (context.file === undefined) {
        report("source is VALUE_SOURCE_FILE_PATH but the provider has no file");
        return undefined;
      }
      return { kind: "file-path", file: context.file };
    default:
      report(`source ${value.value} is not a known ValueSource`);
      return undefined;
  }
}
