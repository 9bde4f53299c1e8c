import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { openConfiguredStore, openSecretBox, UsageError } from "../admin/open-runtime.js";
import { runtimeConfig } from "../config/runtime-config.js";
import { createLogger } from "../logging/logger.js";
import { issueApiToken } from "../services/api-tokens.js";
import type { Store } from "../storage/store.js";
import { startApiServer } from "./api-server.js";

export const serveUsage = `acp-api serve [--listen HOST:PORT] [--data-dir DIR] [--dev] [--bootstrap-token-file PATH]

  --listen                 address to serve Connect, gRPC and gRPC-Web on (default 127.0.0.1:8080)
  --data-dir               SQLite database and dev keyring directory (default ./.acp)
  --dev                    create and use <data-dir>/keyring.json when ACP_KEYRING_FILE is unset
  --bootstrap-token-file   also write the first admin's token to PATH (mode 0600)

Environment: ACP_DATABASE_URL=postgres://… selects PostgreSQL; ACP_KEYRING_FILE names the keyring.`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      listen: { type: "string", default: "127.0.0.1:8080" },
      "data-dir": { type: "string" },
      dev: { type: "boolean", default: false },
      "bootstrap-token-file": { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const { host, port } = parseListen(values.listen);
  // Listen for the signal before anything else: a supervisor may send SIGTERM
  // the moment it sees "listening", or during start-up, and either must mean
  // "drain and exit 0", never the default kill.
  const stopRequested = waitForSignal();
  const logger = createLogger();
  const config = runtimeConfig({ dataDir: values["data-dir"], dev: values.dev }, process.env);
  const store = await openConfiguredStore(config);
  try {
    const box = await openSecretBox(config, store, (line) => logger.info(line));
    await bootstrapAdmin(store, values["bootstrap-token-file"]);
    const server = await startApiServer({ store, box, logger, host, port });
    logger.info("listening", { url: server.url, database: config.store.kind, key_id: box.activeKeyId });
    await stopRequested;
    logger.info("shutting down; waiting for in-flight calls");
    await server.close();
    logger.info("stopped");
    return 0;
  } finally {
    await store.close();
  }
}

function parseListen(listen: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new UsageError(`--listen: expected HOST:PORT, got ${JSON.stringify(listen)}`);
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
}

/** The very first start creates an admin so the API is usable at all; later starts never do. */
async function bootstrapAdmin(store: Store, tokenFile: string | undefined): Promise<void> {
  if ((await store.users.count()) > 0) return;
  const admin = await store.users.create({ name: "admin", admin: true });
  const issued = await issueApiToken(store.tokens, admin.id, "bootstrap");
  if (tokenFile) {
    // A fresh inode guarantees mode 0600 even when PATH already exists with a looser mode.
    const temp = `${tokenFile}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temp, issued.token + "\n", { mode: 0o600, flag: "wx" });
    await rename(temp, tokenFile);
  }
  process.stdout.write(
    `Created the first admin user "admin". Its API token is shown only this once:\n\n  ${issued.token}\n\n` +
      `Use it as "Authorization: Bearer <token>".\n`,
  );
}

/** Resolves on the first SIGTERM or SIGINT; later ones are absorbed while we drain. */
function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.on("SIGTERM", () => resolve());
    process.on("SIGINT", () => resolve());
  });
}
