import { type PrivateDir, readPrivateFile, writePrivateFile } from "@acp/secure-files";

/**
 * What a wipe must undo, kept on disk beside the files so that `clean` (after
 * `prepare`) and a sweep (after a runner was killed) can undo it as well as
 * the runner that wrote it.
 */
export const sessionStateName = "session.json";
/** The user's own `<workdir>/.mcp.json`, byte for byte, for the restore at the end. */
export const workdirOriginalName = "workdir-mcp.original";

export interface WorkdirMcpState {
  /** Absolute path of `<workdir>/.mcp.json`. */
  readonly path: string;
  /** Mode of the user's file, when there was one; its bytes are in workdirOriginalName. */
  readonly original: { readonly mode: number } | undefined;
  /** sha256 (hex) of the file this runner put there, when it put one. */
  readonly writtenSha256: string | undefined;
}

export interface SessionState {
  /** Bare names of the files written into the secrets directory (may include some not yet written). */
  readonly files: readonly string[];
  readonly workdirMcp: WorkdirMcpState | undefined;
}

export async function writeSessionState(dir: PrivateDir, state: SessionState): Promise<void> {
  await writePrivateFile(dir, sessionStateName, `${JSON.stringify(state)}\n`);
}

/** Undefined when there is none or it cannot be understood: a wipe then falls back to what it knows. */
export async function readSessionState(dir: PrivateDir): Promise<SessionState | undefined> {
  const file = await readPrivateFile(dir, sessionStateName);
  if (file === undefined) return undefined;
  try {
    return parseState(JSON.parse(file.contents.toString("utf8")));
  } catch {
    return undefined;
  }
}

function parseState(value: unknown): SessionState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { files, workdirMcp } = value as Record<string, unknown>;
  if (!Array.isArray(files) || !files.every((name) => typeof name === "string")) return undefined;
  if (workdirMcp === undefined) return { files, workdirMcp: undefined };
  if (typeof workdirMcp !== "object" || workdirMcp === null) return undefined;
  const { path, original, writtenSha256 } = workdirMcp as Record<string, unknown>;
  if (typeof path !== "string" || (writtenSha256 !== undefined && typeof writtenSha256 !== "string")) return undefined;
  if (original === undefined) return { files, workdirMcp: { path, original: undefined, writtenSha256 } };
  const mode = typeof original === "object" && original !== null ? (original as { mode?: unknown }).mode : undefined;
  if (!Number.isSafeInteger(mode)) return undefined;
  return { files, workdirMcp: { path, original: { mode: mode as number }, writtenSha256 } };
}
