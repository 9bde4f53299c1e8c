import { lstat, mkdtemp } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ensurePrivateDir, errnoCode, type PrivateDir, privateFilePath } from "@acp/secure-files";
import type { Logger } from "../logging/index.js";
import { currentProcessIdentity, isRunning, type ProcessIdentity } from "./process-identity.js";
import { type RunnerRecord, readRunnerRecord, writeRunnerRecord } from "./runner-record.js";
import { runtimeRoot, tempDirPrefix, tempRoot } from "./secrets-roots.js";
import { readSessionState } from "./session-state.js";
import { wipeSecretsDir } from "./wipe-secrets-dir.js";

export interface SecretsDirOptions {
  /** `--secrets-dir`: wins over the defaults; created (0700) when missing, verified when present. */
  readonly explicit?: string;
  readonly sessionId: string;
  readonly env: NodeJS.ProcessEnv;
  /** For what a dead runner's leftovers needed (a restored workdir MCP config); silent when not given. */
  readonly log?: Logger;
}

/** The session's private directory, verified (0700, ours, a real directory) and held by this runner's pid file. */
export interface SecretsDir {
  readonly path: PrivateDir;
  /** Whether this runner made it, and so removes it at the end (one it was given may be a mount: only emptied). */
  readonly created: boolean;
  /**
   * For `prepare`: the files outlive this process until `acp-runner clean`,
   * and no sweep of a later runner may take them for a dead runner's.
   */
  keepAfterExit(): Promise<void>;
}

/**
 * Picks the directory: `explicit`, else `$XDG_RUNTIME_DIR/acp/<session-id>`,
 * else a new random `acp-runner-*` directory under the temp dir. Refuses a
 * directory a live runner (or a prepared session) holds, and one that is a
 * symlink, not ours or open to others, naming the path. A directory a dead
 * runner left is wiped first, so its files never mix with this session's.
 */
export async function openSecretsDir(options: SecretsDirOptions): Promise<SecretsDir> {
  const owner = await currentProcessIdentity();
  const chosen = await chooseDir(options);
  const { path } = chosen;
  // A dead runner that made the directory leaves its removal to whoever takes it over.
  const created = chosen.created || (await takeOver(path, chosen.created, options.log ?? silent));
  const record: RunnerRecord = { owner, createdDir: created, kept: false };
  await writeRunnerRecord(path, record);
  return {
    path,
    created,
    keepAfterExit: () => writeRunnerRecord(path, { ...record, kept: true }),
  };
}

async function chooseDir(options: SecretsDirOptions): Promise<{ path: PrivateDir; created: boolean }> {
  if (options.explicit !== undefined) return ensureDir(resolve(options.explicit));
  const runtime = runtimeRoot(options.env);
  if (runtime !== undefined) {
    const root = await ensurePrivateDir(runtime);
    // A bare name only: a session id with "/" or ".." must not reach outside the root.
    return ensureDir(privateFilePath(root, options.sessionId));
  }
  const made = await mkdtemp(join(tempRoot(options.env), tempDirPrefix));
  return { path: await ensurePrivateDir(made), created: true };
}

async function ensureDir(path: string): Promise<{ path: PrivateDir; created: boolean }> {
  const existed = await lstat(path).then(
    () => true,
    (error: unknown) => {
      if (errnoCode(error) === "ENOENT") return false;
      throw error;
    },
  );
  return { path: await ensurePrivateDir(path), created: !existed };
}

/** Resolves to whether the runner that left the directory had made it. */
async function takeOver(dir: PrivateDir, created: boolean, log: Logger): Promise<boolean> {
  if (created) return false;
  const found = await readRunnerRecord(dir);
  if (found.kind === "unreadable") {
    throw new Error(`${dir} has a runner pid file that cannot be read; remove the directory or pick another`);
  }
  if (found.kind === "found") {
    const { record } = found;
    if (record.kept) {
      throw new Error(`${dir} holds a prepared session; run acp-runner clean --secrets-dir ${dir} first`);
    }
    if (await isRunning(record.owner)) throw inUse(dir, record.owner);
  }
  // What a dead runner left, or files of unknown origin: this session starts from an empty directory.
  const state = await readSessionState(dir);
  await wipeSecretsDir(dir, { state, removeDir: false, log });
  return found.kind === "found" && found.record.createdDir;
}

function inUse(dir: string, owner: ProcessIdentity): Error {
  return new Error(`${dir} is in use by a running acp-runner (pid ${owner.pid}); pick another --secrets-dir`);
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
