import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The CMD the end-to-end tests run under the runner (see its header for the modes). */
export const sessionCmd = fileURLToPath(new URL("./cmd/session-cmd.mjs", import.meta.url));

/** `-- node session-cmd.mjs MODE REPORT ARGS...`: the tail of a `run` command line. */
export function sessionCmdArgs(mode: "observe" | "wait" | "read-loop" | "git", report: string, ...rest: string[]) {
  return ["--", process.execPath, sessionCmd, mode, report, ...rest];
}

export interface ObservedFile {
  readonly mode: number;
  readonly file: boolean;
  readonly contents: string;
}

/** What CMD saw of its session, as `observe` and `wait` write it. */
export interface Observation {
  readonly pid: number;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly dir: string | undefined;
  readonly dirMode: number | undefined;
  readonly files: Record<string, ObservedFile>;
  readonly workdirMcp: string | undefined;
}

export function readReport<T = Observation>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : undefined;
}
