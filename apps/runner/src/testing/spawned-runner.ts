import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

// The bin users run (package.json "bin"): a shell launcher that starts node
// on the runner's startup snapshot, so these tests run what ships.
export const runnerBin = fileURLToPath(new URL("../../bin/acp-runner", import.meta.url));
/** The node entry the launcher stands for, which the runner names when it starts itself (git's helper). */
export const runnerLoader = fileURLToPath(new URL("../../bin/acp-runner.mjs", import.meta.url));

/** Every argv the tests spawned (runner and CMD alike), so a test can prove no secret was on one. */
export const spawnedArgv: string[][] = [];
/** Everything every spawned runner wrote to stderr, so a test can prove no secret was logged. */
export const runnerLogs: string[] = [];

export interface SpawnedRunner {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null after a signal) and all of stdout and stderr. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr has a line matching `pattern`; rejects after `timeoutMs` or when the runner exits first. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Starts the built `acp-runner ARGS` with exactly `env` (nothing inherited but what the test passes). */
export function spawnRunner(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): SpawnedRunner {
  const argv = [runnerBin, ...args];
  spawnedArgv.push(argv);
  const child = spawn(runnerBin, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const wake of waiters) wake();
  });
  const logIndex = runnerLogs.push("") - 1;
  const done = once(child, "close").then(([code, signal]) => {
    runnerLogs[logIndex] = stderr;
    for (const wake of waiters) wake();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr };
  });
  let closed = false;
  void done.then(() => (closed = true));
  return {
    child,
    done,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLog(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = stderr.split("\n").find((text) => pattern.test(text));
          if (line !== undefined) finish(() => resolve(line));
          else if (closed) finish(() => reject(new Error(`runner exited before logging ${pattern}:\n${stderr}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stderr}`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Polls `probe` until it returns true, failing after `timeoutMs`: for conditions that settle asynchronously. */
export async function eventually(
  probe: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Where any of `secrets` shows up in a spawned argv or a runner's log,
 * described by position only, so a failing test does not print the secret.
 */
export function leaks(secrets: readonly string[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, index) => {
    spawnedArgv.forEach((argv, n) => {
      if (argv.some((arg) => arg.includes(secret))) found.push(`secret #${index} in spawned argv #${n}`);
    });
    runnerLogs.forEach((log, n) => {
      if (log.includes(secret)) found.push(`secret #${index} in runner log #${n}`);
    });
  });
  return found;
}
