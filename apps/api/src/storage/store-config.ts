import { mkdirSync } from "node:fs";
import { join } from "node:path";

export type StoreConfig =
  | { readonly kind: "sqlite"; readonly file: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema?: string };

/**
 * ACP_DATABASE_URL=postgres://… selects PostgreSQL; otherwise SQLite at
 * <dataDir>/acp.db. Creates dataDir (0700: it holds token hashes and sealed
 * secrets) when it is missing.
 */
export function storeConfigFromEnv(options: {
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}): StoreConfig {
  const url = options.env["ACP_DATABASE_URL"];
  if (url !== undefined && url !== "") {
    if (/^postgres(ql)?:\/\//i.test(url)) return { kind: "postgres", url };
    // The URL may embed a password, so the message shows only its scheme.
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? "(none)";
    throw new Error(
      `ACP_DATABASE_URL must be a postgres:// or postgresql:// URL (got scheme "${scheme}"); unset it to use SQLite`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  return { kind: "sqlite", file: join(options.dataDir, "acp.db") };
}
