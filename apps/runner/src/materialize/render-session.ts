import { basename, dirname } from "node:path";
import type { MaterializationPlan } from "@acp/providers";
import type { PrivateFileMode } from "@acp/secure-files";
import { envFileName, isEnvName, renderEnvFile } from "./env-file.js";
import { gitCredentialsName, renderGitCredentials } from "./git-credentials-file.js";
import { type McpBase, mcpConfigName, mcpServerEntries, mergeMcpConfig, renderMcpConfig } from "./mcp-config.js";
import { runnerRecordName } from "./runner-record.js";
import { sessionStateName, workdirOriginalName } from "./session-state.js";
import type { WorkdirFile } from "./workdir-file.js";

/** Points the agent at `<secrets-dir>/mcp.json` (`claude --mcp-config "$ACP_MCP_CONFIG"`). */
export const mcpConfigVariable = "ACP_MCP_CONFIG";

/** Ours in a workdir: the servers' env may name secret files, so no one else reads it. */
const workdirMcpMode = 0o600;

const privateFileModes: readonly number[] = [0o600, 0o400, 0o700, 0o500] satisfies PrivateFileMode[];
const bookkeeping = new Set([runnerRecordName, sessionStateName, workdirOriginalName]);

export interface RenderedFile {
  readonly bytes: Buffer;
  readonly mode: PrivateFileMode;
}

/** `<workdir>/.mcp.json` as it should be: ours merged over the user's, the user's alone, or nothing. */
export type WantedWorkdirMcp = { readonly kind: "absent" } | ({ readonly kind: "file" } & WorkdirFile);

export interface RenderedSession {
  /** By bare name in the secrets directory. */
  readonly files: ReadonlyMap<string, RenderedFile>;
  readonly env: Readonly<Record<string, string>>;
  readonly workdirMcp: WantedWorkdirMcp | undefined;
  /** The user's servers that ours replace in the workdir config. */
  readonly replacedServers: readonly string[];
}

export interface RenderContext {
  readonly dir: string;
  readonly extraEnv: Readonly<Record<string, string>>;
  /** Undefined with --no-workdir-mcp. */
  readonly workdir: { readonly base: McpBase; readonly original: WorkdirFile | undefined } | undefined;
}

/**
 * Turns a conflict-free plan into the exact bytes of every file, without
 * touching the disk, so an apply can refuse a plan as a whole before it
 * writes anything. Problems never carry values.
 */
export function renderSession(
  plan: MaterializationPlan,
  context: RenderContext,
): { ok: true; session: RenderedSession } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const files = new Map<string, RenderedFile>();
  for (const file of plan.files) {
    const name = basename(file.path);
    if (dirname(file.path) !== context.dir || bookkeeping.has(name) || isSessionFile(name)) {
      problems.push(`credential "${file.credentialName}" wants file ${file.path}, which the runner cannot give it`);
    } else if (!privateFileModes.includes(file.mode)) {
      problems.push(`credential "${file.credentialName}" wants mode ${file.mode.toString(8)} for ${file.path}`);
    } else if (file.contents === "") {
      // An empty file would break whatever reads it, and keep a watcher from reloading later ones.
      problems.push(`credential "${file.credentialName}" has an empty secret for ${file.path}`);
    } else {
      files.set(name, { bytes: Buffer.from(file.contents, "utf8"), mode: file.mode as PrivateFileMode });
    }
  }
  const env: Record<string, string> = { ...context.extraEnv };
  for (const variable of plan.env) {
    if (!isEnvName(variable.name)) problems.push(`credential "${variable.credentialName}" sets ${variable.name}`);
    else if (Object.hasOwn(env, variable.name)) problems.push(`${variable.name} is already set by the runner`);
    env[variable.name] = variable.value;
  }
  if (Object.hasOwn(env, mcpConfigVariable)) problems.push(`${mcpConfigVariable} is already set`);
  env[mcpConfigVariable] = `${context.dir}/${mcpConfigName}`;
  if (problems.length > 0) return { ok: false, problems };

  const entries = mcpServerEntries(plan.mcpServers);
  files.set(envFileName, privateText(renderEnvFile(env)));
  files.set(gitCredentialsName, privateText(renderGitCredentials(plan.gitCredentials)));
  files.set(mcpConfigName, privateText(renderMcpConfig(entries)));
  const workdir = context.workdir;
  if (workdir === undefined) return { ok: true, session: { files, env, workdirMcp: undefined, replacedServers: [] } };
  if (plan.mcpServers.length === 0) {
    // Nothing of ours to add: the user's file as it was, or none.
    const wanted: WantedWorkdirMcp =
      workdir.original === undefined ? { kind: "absent" } : { kind: "file", ...workdir.original };
    return { ok: true, session: { files, env, workdirMcp: wanted, replacedServers: [] } };
  }
  const merged = mergeMcpConfig(workdir.base, entries);
  const wanted: WantedWorkdirMcp = { kind: "file", bytes: Buffer.from(merged.text, "utf8"), mode: workdirMcpMode };
  return { ok: true, session: { files, env, workdirMcp: wanted, replacedServers: merged.replaced } };
}

function isSessionFile(name: string): boolean {
  return name === envFileName || name === gitCredentialsName || name === mcpConfigName;
}

function privateText(text: string): RenderedFile {
  return { bytes: Buffer.from(text, "utf8"), mode: 0o600 };
}
