import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const cliBin = fileURLToPath(new URL("../../bin/acpctl.mjs", import.meta.url));

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
  const child = spawn(process.execPath, argv, { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}
