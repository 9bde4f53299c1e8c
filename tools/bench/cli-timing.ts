import { spawn } from "node:child_process";
import { once } from "node:events";
import { reapedChildrenCpuMs } from "./process-cpu.js";

/** One run of a short-lived command, from spawn to exit. */
export interface RunSample {
  readonly wallMs: number;
  /** User + system CPU of the child, in 10 ms ticks; undefined where /proc is unavailable. */
  readonly cpuMs: number | undefined;
}

export interface RunResult extends RunSample {
  readonly stdout: string;
}

/**
 * Runs `command ARGS` to its exit and times it. Stdout is kept (to check a
 * first run's answer); stderr is kept only to explain a failure. Runs one at
 * a time, so the CPU this process's reaped children gained is this child's.
 */
export async function timedRun(
  command: string,
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string },
): Promise<RunResult> {
  const cpuBefore = reapedChildrenCpuMs();
  const started = performance.now();
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const wallMs = performance.now() - started;
  const cpuAfter = reapedChildrenCpuMs();
  if (code !== 0) throw new Error(`${[command, ...args].join(" ")} exited ${code}:\n${stderr}`);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { wallMs, cpuMs, stdout };
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** The run count from `name` in the environment, or `fallback`. */
export function runCount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}
