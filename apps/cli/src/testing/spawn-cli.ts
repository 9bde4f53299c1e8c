import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The bin users run (package.json "bin"): a shell script that starts node from the build's snapshot. */
export const cliBin = fileURLToPath(new URL("../../bin/acpctl", import.meta.url));

export interface SpawnedResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every argv a spawned acpctl was given, so a test can prove no secret was ever on one. */
export const spawnedArgv: string[][] = [];

/** Runs the built `acpctl ARGS` as a user would, with only `env` (no inherited ACP_TOKEN) and `input` on stdin. */
export async function spawnCli(
  args: readonly string[],
  env: Record<string, string>,
  input = "",
): Promise<SpawnedResult> {
  const argv = [cliBin, ...args];
  spawnedArgv.push(argv);
  // The bin falls back to the `node` on PATH (no snapshot, or NODE_OPTIONS set): this one, when env names none.
  const path = env["PATH"] ?? dirname(process.execPath);
  const child = spawn(cliBin, args, { env: { ...env, PATH: path }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // An acpctl that exits before reading its input is judged by its code and
  // output; the EPIPE of writing to it is not the test's failure.
  child.stdin.on("error", () => {});
  child.stdin.end(input);
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

/**
 * A suite's acpctl: runs the built bin with the suite's env (read at each
 * call, so a beforeAll may set it), keeps every result, and names the first
 * secret found on any argv or stderr it produced.
 */
export function recordedCli(env: () => Record<string, string>) {
  const results: SpawnedResult[] = [];
  return {
    async run(args: readonly string[], input = "", extraEnv: Record<string, string> = {}): Promise<SpawnedResult> {
      const result = await spawnCli(args, { ...env(), ...extraEnv }, input);
      results.push(result);
      return result;
    },
    /** Where one of `secrets` showed up, or undefined. */
    leak(secrets: readonly string[]): string | undefined {
      for (const secret of secrets) {
        if (spawnedArgv.some((argv) => argv.join(" ").includes(secret))) return "an argv";
        if (results.some(({ stderr }) => stderr.includes(secret))) return "a stderr";
      }
      return undefined;
    },
  };
}
