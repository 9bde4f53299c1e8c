import type { Dirent } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../logging/index.js";
import { existingPrivateDir } from "./existing-private-dir.js";
import { currentUid, isRunning } from "./process-identity.js";
import { readRunnerRecord } from "./runner-record.js";
import { runtimeRoot, tempDirPrefix, tempRoot } from "./secrets-roots.js";
import { readSessionState } from "./session-state.js";
import { wipeSecretsDir } from "./wipe-secrets-dir.js";

export interface SweepOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /**
   * A directory without a pid file is taken for a runner that died before it
   * wrote one only once it is this old, so a runner starting right now is
   * never swept. 60 s unless given.
   */
  readonly orphanAgeMs?: number;
  readonly now?: () => number;
}

/**
 * Removes what dead runners left under the default roots
 * (`$XDG_RUNTIME_DIR/acp/*` and `<tmp>/acp-runner-*`), restoring the workdir
 * MCP config each had changed. Only real directories (never through a
 * symlink) owned by this user with mode 0700 are considered, and of those
 * only ones whose pid file names a process that is gone or is another
 * process now (pid reused: other start time, boot or user). A live runner's
 * directory and a prepared one wait. Resolves to the removed paths.
 */
export async function sweepStaleSecretsDirs(options: SweepOptions): Promise<readonly string[]> {
  const removed: string[] = [];
  for (const path of await candidates(options.env)) {
    try {
      if (await sweepOne(path, options)) removed.push(path);
    } catch (error) {
      options.log.warn("could not sweep a stale secrets directory", { path, reason: reasonOf(error) });
    }
  }
  return removed;
}

async function candidates(env: NodeJS.ProcessEnv): Promise<string[]> {
  const found: string[] = [];
  const runtime = runtimeRoot(env);
  if (runtime !== undefined) found.push(...(await childDirs(runtime, () => true)));
  found.push(...(await childDirs(tempRoot(env), (name) => name.startsWith(tempDirPrefix))));
  return found;
}

/** Directories directly in `root`; a symlink, even to a directory, is not one (Dirent describes the entry itself). */
async function childDirs(root: string, wanted: (name: string) => boolean): Promise<string[]> {
  let entries: Dirent[];
  try {
    const stat = await lstat(root);
    if (!stat.isDirectory()) return [];
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.isDirectory() && wanted(entry.name)).map((entry) => join(root, entry.name));
}

async function sweepOne(path: string, options: SweepOptions): Promise<boolean> {
  const stat = await lstat(path);
  // Someone else's, or not private: not a runner's of ours, so not ours to judge.
  if (!stat.isDirectory() || stat.uid !== currentUid() || (stat.mode & 0o077) !== 0) return false;
  const dir = await existingPrivateDir(path);
  if (dir === undefined) return false;
  const found = await readRunnerRecord(dir);
  if (found.kind === "unreadable") return false;
  if (found.kind === "missing") {
    const now = options.now?.() ?? Date.now();
    if (now - stat.mtimeMs < (options.orphanAgeMs ?? 60_000)) return false;
  } else if (found.record.kept || (await isRunning(found.record.owner))) {
    return false;
  }
  const state = await readSessionState(dir).catch(() => undefined);
  await wipeSecretsDir(dir, { state, removeDir: true, log: options.log });
  const pid = found.kind === "found" ? found.record.owner.pid : undefined;
  options.log.info("removed a dead runner's secrets directory", { path, pid });
  return true;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
