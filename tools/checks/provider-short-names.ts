import { ProviderTypeSchema, provider } from "@acp/proto";
import { getOption, hasOption } from "@bufbuild/protobuf";

// Read from the ProviderType options, the registry's single source of truth, so
// a provider added in proto is gated without touching this file.
export function providerShortNames(): string[] {
  return ProviderTypeSchema.values
    .filter((v) => hasOption(v, provider))
    .map((v) => getOption(v, provider).shortName)
    .filter((name) => name !== "");
}
