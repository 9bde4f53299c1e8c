import { parseArgs } from "node:util";
import { reencryptAll } from "../crypto/index.js";
import { runtimeConfig } from "../config/runtime-config.js";
import { openConfiguredStore, openSecretBox, UsageError } from "./open-runtime.js";

export const keysUsage = `acp-api keys reencrypt [--dry-run] [--data-dir DIR] [--dev]
  Moves every stored secret to the keyring's active key. Safe while the server runs.`;

export async function keysCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { "dry-run": { type: "boolean", default: false }, "data-dir": { type: "string" }, dev: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || positionals[0] !== "reencrypt") throw new UsageError(keysUsage);
  const config = runtimeConfig({ dataDir: values["data-dir"], dev: values.dev }, process.env);
  const store = await openConfiguredStore(config);
  try {
    const box = await openSecretBox(config, store, (line) => process.stderr.write(line + "\n"));
    const result = await reencryptAll(store, box, { dryRun: values["dry-run"] });
    const verb = values["dry-run"] ? "would re-encrypt" : "re-encrypted";
    process.stdout.write(`${verb} ${result.reencrypted} of ${result.examined} secrets to key ${JSON.stringify(box.activeKeyId)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
