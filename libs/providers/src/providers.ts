import { ProviderTypeSchema } from "@acp/proto";
import { createProviderRegistry } from "./provider-registry.js";

/** The registry of the ProviderType enum; built at import so a bad spec fails at start-up. */
export const providers = createProviderRegistry(ProviderTypeSchema);
