import { resolve } from "node:path";

/**
 * Settings shared by `serve` and the admin commands, so that an admin command
 * run next to a live server opens the same database and keyring.
 */
export interface RuntimeConfig {
  readonly dataDir: string;
  /** postgres://… from ACP_DATABASE_URL; undefined means embedded SQLite in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly keyring: KeyringSource;
}

export type KeyringSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "dev"; readonly path: string }
  | { readonly kind: "none" };

export function runtimeConfig(flags: { dataDir?: string | undefined; dev?: boolean | undefined }, env: NodeJS.ProcessEnv): RuntimeConfig {
  const dataDir = resolve(flags.dataDir ?? "./.acp");
  const databaseUrl = env.ACP_DATABASE_URL || undefined;
  const keyringFile = env.ACP_KEYRING_FILE || undefined;
  const keyring: KeyringSource = keyringFile
    ? { kind: "file", path: resolve(keyringFile) }
    : flags.dev
      ? { kind: "dev", path: resolve(dataDir, "keyring.json") }
      : { kind: "none" };
  return { dataDir, databaseUrl, keyring };
}
