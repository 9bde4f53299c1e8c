import { resolve } from "node:path";
import { type StoreConfig, storeConfigFromEnv } from "../storage/index.js";

/**
 * Settings shared by `serve` and the admin commands, so that an admin command
 * run next to a live server opens the same database and keyring.
 */
export interface RuntimeConfig {
  readonly dataDir: string;
  /** PostgreSQL from ACP_DATABASE_URL, else embedded SQLite in dataDir. */
  readonly store: StoreConfig;
  readonly keyring: KeyringSource;
}

export type KeyringSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "dev"; readonly path: string }
  | { readonly kind: "none" };

/** The flags every command that opens the database takes. */
export const runtimeFlags = { "data-dir": { type: "string" } } as const;
export const runtimeUsage = "[--data-dir DIR]";

export function runtimeConfig(
  flags: { dataDir?: string | undefined; dev?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>,
): RuntimeConfig {
  const dataDir = resolve(flags.dataDir ?? "./.acp");
  const keyringFile = env["ACP_KEYRING_FILE"] || undefined;
  const keyring: KeyringSource = keyringFile
    ? { kind: "file", path: resolve(keyringFile) }
    : flags.dev
      ? { kind: "dev", path: resolve(dataDir, "keyring.json") }
      : { kind: "none" };
  return { dataDir, store: storeConfigFromEnv({ dataDir, env }), keyring };
}
