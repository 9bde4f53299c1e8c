import { type PrivateDir, readPrivateFile, removePrivateDir, removePrivateFile } from "@acp/secure-files";
import type { Logger } from "../logging/index.js";
import { runnerRecordName } from "./runner-record.js";
import { type SessionState, sessionStateName, type WorkdirMcpState, workdirOriginalName } from "./session-state.js";
import { readWorkdirFile, removeWorkdirFile, sha256, writeWorkdirFile } from "./workdir-file.js";

export interface WipeOptions {
  readonly state: SessionState | undefined;
  /** The whole directory goes when a runner made it; one it was given keeps existing (it may be a mount). */
  readonly removeDir: boolean;
  readonly log: Logger;
}

/**
 * Undoes a session: the workdir's `.mcp.json` first (it is outside and the
 * user's), then every file in the secrets directory, then the directory.
 * Goes on past a failed step so one stuck file does not keep the others,
 * and throws at the end naming what is left. Messages name paths, never
 * contents.
 */
export async function wipeSecretsDir(dir: PrivateDir, options: WipeOptions): Promise<void> {
  const failures: string[] = [];
  const step = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  };
  const workdirMcp = options.state?.workdirMcp;
  if (workdirMcp !== undefined) await step(() => restoreWorkdirMcp(dir, workdirMcp, options.log));
  if (options.removeDir) {
    await step(() => removePrivateDir(dir));
  } else {
    const names = new Set([...(options.state?.files ?? []), workdirOriginalName, sessionStateName, runnerRecordName]);
    for (const name of names) await step(() => removePrivateFile(dir, name));
  }
  if (failures.length > 0) throw new Error(`could not wipe everything: ${failures.join("; ")}`);
}

async function restoreWorkdirMcp(dir: PrivateDir, state: WorkdirMcpState, log: Logger): Promise<void> {
  const current = await readWorkdirFile(state.path).catch(() => undefined);
  const ours = current !== undefined && state.writtenSha256 === sha256(current.bytes);
  if (state.original === undefined) {
    if (current === undefined || state.writtenSha256 === undefined) return;
    // Someone else's edit after ours: theirs to keep, since there is no original to go back to.
    if (!ours) {
      log.warn("left the workdir MCP config in place: it changed after the runner wrote it", { path: state.path });
      return;
    }
    await removeWorkdirFile(state.path);
    return;
  }
  const original = await readPrivateFile(dir, workdirOriginalName);
  if (original === undefined) throw new Error(`the saved copy of ${state.path} is missing; left it as it is`);
  if (current !== undefined && state.writtenSha256 !== undefined && !ours) {
    log.warn("restoring the original workdir MCP config over a change made during the session", {
      path: state.path,
    });
  }
  await writeWorkdirFile(state.path, { bytes: original.contents, mode: state.original.mode });
}
