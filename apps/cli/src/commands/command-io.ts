import type { ProviderRegistry } from "@acp/providers";
import type { ClientFactory } from "../client/index.js";
import type { ProcessIo } from "../io/index.js";

/**
 * Everything a command's `run` may use. The registry and the client factory
 * are handed in rather than imported, so a test can drive a command against
 * a registry built from another enum or against clients of its choosing.
 */
export interface CommandIo extends ProcessIo {
  readonly clients: ClientFactory;
  readonly registry: ProviderRegistry;
  readonly now: () => Date;
}
