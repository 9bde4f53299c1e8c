import { resolve } from "node:path";
import type { Logger } from "../logging/index.js";
import { existingPrivateDir } from "./existing-private-dir.js";
import { isRunning } from "./process-identity.js";
import { readRunnerRecord } from "./runner-record.js";
import { readSessionState } from "./session-state.js";
import { wipeSecretsDir } from "./wipe-secrets-dir.js";

/**
 * `acp-runner clean --secrets-dir DIR`: undoes what `prepare` left there
 * (its files, the workdir's `.mcp.json`, the directory if the runner made
 * it). Refuses a directory that a running runner still uses. Resolves to
 * false when there was nothing to clean.
 */
export async function cleanSecretsDir(options: { dir: string; log: Logger }): Promise<boolean> {
  const path = resolve(options.dir);
  const dir = await existingPrivateDir(path);
  if (dir === undefined) return false;
  const found = await readRunnerRecord(dir);
  if (found.kind === "found" && !found.record.kept && (await isRunning(found.record.owner))) {
    throw new Error(`${path} is in use by a running acp-runner (pid ${found.record.owner.pid})`);
  }
  const state = await readSessionState(dir);
  const removeDir = found.kind === "found" && found.record.createdDir;
  await wipeSecretsDir(dir, { state, removeDir, log: options.log });
  return true;
}
