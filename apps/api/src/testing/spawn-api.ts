import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const apiBin = fileURLToPath(new URL("../../bin/acp-api.mjs", import.meta.url));

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `acp-api ARGS` to completion. */
export async function runApi(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const child = spawn(process.execPath, [apiBin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningApi {
  readonly child: ChildProcess;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `acp-api serve` on a random port and resolves once it listens. */
export async function serveApi(args: string[], env: NodeJS.ProcessEnv): Promise<RunningApi> {
  const child = spawn(process.execPath, [apiBin, "serve", "--listen", "127.0.0.1:0", ...args], {
    // One process unless a test asks for more (--workers or ACP_WORKERS): without --dev, serve
    // would fork a worker per core for every server the parallel suites start.
    env: { ACP_WORKERS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`acp-api exited ${code} before listening:\n${stderr}`)));
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      const [code, signal] = await exited;
      if (signal) throw new Error(`acp-api was killed by ${signal} instead of exiting; stderr:\n${stderr}`);
      return code;
    },
  };
}
