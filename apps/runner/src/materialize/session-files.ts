import { lstat, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type BoundCredential, type MaterializationPlan, planMaterialization } from "@acp/providers";
import { removePrivateFile, SecureFileError, writePrivateFile } from "@acp/secure-files";
import type { Logger } from "../logging/index.js";
import { changedCredentials } from "./changed-credentials.js";
import { emptyMcpBase, parseMcpBase } from "./mcp-config.js";
import { type RenderContext, type RenderedSession, renderSession, type WantedWorkdirMcp } from "./render-session.js";
import type { SecretsDir } from "./secrets-dir.js";
import { type SessionState, workdirOriginalName, writeSessionState } from "./session-state.js";
import { wipeSecretsDir } from "./wipe-secrets-dir.js";
import {
  readWorkdirFile,
  removeWorkdirFile,
  replaceableTargetProblem,
  sha256,
  writeWorkdirFile,
} from "./workdir-file.js";

export const workdirMcpName = ".mcp.json";

export interface SessionFilesOptions {
  readonly dir: SecretsDir;
  /** Undefined with --no-workdir-mcp: the workdir is not touched at all. */
  readonly workdir: string | undefined;
  readonly log: Logger;
  /** Variables the runner adds itself (git's credential helper wiring), written into `<dir>/env` too. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

export type ApplyOutcome =
  | {
      readonly ok: true;
      /** The variables for CMD, `ACP_MCP_CONFIG` included. */
      readonly env: Readonly<Record<string, string>>;
      /** Absolute paths of every file the session has now. */
      readonly files: readonly string[];
      /** Names of the credentials whose files or variables changed with this apply. */
      readonly changed: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly string[] };

const emptyPlan: MaterializationPlan = { files: [], env: [], gitCredentials: [], mcpServers: [] };

interface Applied {
  readonly plan: MaterializationPlan;
  readonly session: RenderedSession | undefined;
}

interface WorkdirMcp {
  readonly path: string;
  readonly context: NonNullable<RenderContext["workdir"]>;
}

/**
 * A session's files on disk, kept equal to the last credentials that could
 * be applied as a whole. Calls run one at a time in the order made.
 */
export class SessionFiles {
  private applied: Applied = { plan: emptyPlan, session: undefined };
  private queue: Promise<unknown> = Promise.resolve();
  private wiped = false;
  private readonly warnedServers = new Set<string>();

  private constructor(
    private readonly dir: SecretsDir,
    private readonly workdirMcp: WorkdirMcp | undefined,
    private readonly log: Logger,
    private readonly extraEnv: Readonly<Record<string, string>>,
  ) {}

  /**
   * Reads and keeps the user's `<workdir>/.mcp.json` (refusing a symlink or
   * a file that is not a JSON object, before anything is written), so it can
   * be the base of ours and come back byte for byte at the end.
   */
  static async open(options: SessionFilesOptions): Promise<SessionFiles> {
    let workdirMcp: WorkdirMcp | undefined;
    if (options.workdir !== undefined) {
      const workdir = resolve(options.workdir);
      const found = await stat(workdir).catch(() => undefined);
      if (!found?.isDirectory()) throw new Error(`workdir ${workdir} is not a directory`);
      const path = join(workdir, workdirMcpName);
      const original = await readWorkdirFile(path);
      const base = original === undefined ? emptyMcpBase : parseMcpBase(original.bytes, path);
      if (original !== undefined) await writePrivateFile(options.dir.path, workdirOriginalName, original.bytes);
      workdirMcp = { path, context: { base, original } };
    }
    const files = new SessionFiles(options.dir, workdirMcp, options.log, options.extraEnv ?? {});
    await writeSessionState(options.dir.path, files.state([], undefined));
    return files;
  }

  /**
   * Plans, checks every target, then writes: each changed file by renaming
   * complete content over it (a new inode), each unchanged one left alone.
   * A plan that conflicts, a target that is a symlink, or a write that
   * fails leaves the previous files in place (files already replaced in this
   * apply get their previous content back) and resolves `ok: false`.
   */
  apply(credentials: readonly BoundCredential[]): Promise<ApplyOutcome> {
    return this.serially(() => this.applyNow(credentials));
  }

  /** Removes every file of the session and the directory (if the runner made it), restoring `.mcp.json`. Idempotent. */
  wipe(): Promise<void> {
    return this.serially(async () => {
      if (this.wiped) return;
      this.wiped = true;
      const session = this.applied.session;
      const state = this.state(session === undefined ? [] : [...session.files.keys()], session?.workdirMcp);
      await wipeSecretsDir(this.dir.path, { state, removeDir: this.dir.created, log: this.log });
    });
  }

  private serially<T>(action: () => Promise<T>): Promise<T> {
    const run = this.queue.then(action);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(credentials: readonly BoundCredential[]): Promise<ApplyOutcome> {
    if (this.wiped) return { ok: false, problems: ["the session's files were already wiped"] };
    const dir = this.dir.path;
    const planned = planMaterialization(credentials, { dir });
    if (!planned.ok) return this.refuse(planned.conflicts.map((conflict) => conflict.description));
    const rendered = renderSession(planned.plan, { dir, extraEnv: this.extraEnv, workdir: this.workdirMcp?.context });
    if (!rendered.ok) return this.refuse(rendered.problems);
    const next = rendered.session;
    const problems = await this.targetProblems(next);
    if (problems.length > 0) return this.refuse(problems);

    const previous = this.applied.session;
    const previousNames = previous === undefined ? [] : [...previous.files.keys()];
    const undo: (() => Promise<unknown>)[] = [];
    try {
      // Recorded first, so a wipe after a crash mid-apply still knows every name.
      await writeSessionState(
        dir,
        this.state([...new Set([...previousNames, ...next.files.keys()])], previous?.workdirMcp),
      );
      // All at once: each write is a handful of file-system calls on libuv's
      // thread pool, one after another took 1 ms a file of the runner's start.
      const writes = await Promise.allSettled(
        [...next.files].map(async ([name, file]) => ({
          name,
          outcome: await writePrivateFile(dir, name, file.bytes, { mode: file.mode }),
        })),
      );
      for (const write of writes) {
        if (write.status === "rejected" || write.value.outcome === "unchanged") continue;
        const { name } = write.value;
        const before = previous?.files.get(name);
        undo.push(() =>
          before === undefined
            ? removePrivateFile(dir, name)
            : writePrivateFile(dir, name, before.bytes, { mode: before.mode }),
        );
      }
      const failed = writes.find((write) => write.status === "rejected");
      if (failed !== undefined) throw failed.reason;
      if (next.workdirMcp !== undefined && (await this.putWorkdirMcp(next.workdirMcp))) {
        const before = previous?.workdirMcp ?? this.originalWorkdirMcp();
        undo.push(() => this.putWorkdirMcp(before));
      }
    } catch (error) {
      await this.rollBack(undo);
      return this.refuse([messageOf(error)]);
    }
    // Only now that everything new is in place: files of credentials no longer bound.
    for (const name of previousNames.filter((name) => !next.files.has(name))) {
      await removePrivateFile(dir, name).catch((error: unknown) =>
        this.log.warn("could not remove a file of an unbound credential", { reason: messageOf(error) }),
      );
    }
    await writeSessionState(dir, this.state([...next.files.keys()], next.workdirMcp)).catch((error: unknown) =>
      this.log.warn("could not record the session's files", { reason: messageOf(error) }),
    );
    const changed = changedCredentials(this.applied.plan, planned.plan);
    this.applied = { plan: planned.plan, session: next };
    this.warnReplaced(next.replacedServers);
    if (changed.length > 0) this.log.info("credentials changed", { credentials: changed });
    return { ok: true, env: next.env, files: this.paths(next), changed };
  }

  /** Every target checked before the first write, so a planted symlink at the last one cannot leave half an apply. */
  private async targetProblems(next: RenderedSession): Promise<string[]> {
    const problems: string[] = [];
    const dirStat = await lstat(this.dir.path).catch(() => undefined);
    if (dirStat?.isSymbolicLink()) return [`${this.dir.path} is a symbolic link`];
    if (!dirStat?.isDirectory()) return [`${this.dir.path} is not a directory any more`];
    const targets = [...next.files.keys()].map((name) => join(this.dir.path, name));
    if (this.workdirMcp !== undefined) targets.push(this.workdirMcp.path);
    for (const problem of await Promise.all(targets.map(replaceableTargetProblem))) {
      if (problem !== undefined) problems.push(problem.message);
    }
    return problems;
  }

  private async putWorkdirMcp(wanted: WantedWorkdirMcp): Promise<boolean> {
    const path = this.workdirMcp!.path;
    if (wanted.kind === "absent") return removeWorkdirFile(path);
    return writeWorkdirFile(path, wanted);
  }

  private originalWorkdirMcp(): WantedWorkdirMcp {
    const original = this.workdirMcp?.context.original;
    return original === undefined ? { kind: "absent" } : { kind: "file", ...original };
  }

  private async rollBack(undo: readonly (() => Promise<unknown>)[]): Promise<void> {
    for (const step of [...undo].reverse()) {
      await step().catch((error: unknown) =>
        this.log.error("could not put a session file back after a failed apply", { reason: messageOf(error) }),
      );
    }
  }

  private state(files: readonly string[], workdirMcp: WantedWorkdirMcp | undefined): SessionState {
    if (this.workdirMcp === undefined) return { files, workdirMcp: undefined };
    const original = this.workdirMcp.context.original;
    // What stands there when it is not the user's own file: ours, to remove or to restore over.
    const ours =
      workdirMcp?.kind === "file" && (original === undefined || !workdirMcp.bytes.equals(original.bytes))
        ? workdirMcp.bytes
        : undefined;
    return {
      files,
      workdirMcp: {
        path: this.workdirMcp.path,
        original: original === undefined ? undefined : { mode: original.mode },
        writtenSha256: ours === undefined ? undefined : sha256(ours),
      },
    };
  }

  private paths(session: RenderedSession): string[] {
    const paths = [...session.files.keys()].map((name) => join(this.dir.path, name));
    if (session.workdirMcp?.kind === "file" && this.workdirMcp !== undefined) paths.push(this.workdirMcp.path);
    return paths.sort();
  }

  private warnReplaced(servers: readonly string[]): void {
    for (const server of servers) {
      if (this.warnedServers.has(server)) continue;
      this.warnedServers.add(server);
      this.log.warn("the session's MCP server replaces the workdir's entry of the same name", {
        server,
        path: this.workdirMcp?.path,
      });
    }
  }

  private refuse(problems: readonly string[]): ApplyOutcome {
    this.log.error("could not apply the session's credentials; the previous files stay", { problems });
    return { ok: false, problems };
  }
}

function messageOf(error: unknown): string {
  // SecureFileError messages name a path and a reason, never contents.
  if (error instanceof SecureFileError) return error.message;
  return error instanceof Error
    ? `${error.name}: could not write the session's files`
    : "could not write the session's files";
}
