import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A server running as a child process, as it would in production. */
export interface ChildServer {
  readonly label: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** The last few KB of the child's output, for error messages. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited after graceMs; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Both servers announce their address with a structured log line whose msg
 * is "listening" and whose url is the address, on stdout or stderr, whatever
 * the order of its fields (a logger such as pino puts msg last).
 */
export function listeningUrl(output: string): string | undefined {
  for (const line of output.split("\n")) {
    if (!line.includes('"listening"')) continue;
    try {
      const record = JSON.parse(line) as { msg?: unknown; url?: unknown };
      if (record.msg === "listening" && typeof record.url === "string") return record.url;
    } catch {
      // Not (yet) a whole JSON line.
    }
  }
  return undefined;
}
const tailBytes = 16 * 1024;
// Generous: the API transpiles its sources through tsx and migrates SQLite first.
const startTimeoutMs = 30_000;

/**
 * Spawns `node ARGS` and resolves once it logs that it is listening. Output is
 * drained for the child's whole life: the API logs a line per RPC, and a full
 * pipe would block it mid-benchmark. Only a bounded tail is kept, and the
 * listening pattern is not searched after it matched, so reading costs the
 * benchmark client (this process) next to nothing.
 */
export async function spawnChildServer(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  let exited = false;
  const exit = once(child, "exit").then(() => {
    exited = true;
  });
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-tailBytes);
  };

  let startTimer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    // Per stream, so a line split over chunks is never spliced with the other's.
    const seen = new Map<NodeJS.ReadableStream, string>();
    const streams = [child.stdout!, child.stderr!];
    const listen = (stream: NodeJS.ReadableStream) => {
      const onData = (chunk: Buffer) => {
        keep(chunk);
        const text = (seen.get(stream) ?? "") + chunk.toString();
        seen.set(stream, text);
        const found = listeningUrl(text);
        if (found === undefined) return;
        for (const s of streams) s.removeAllListeners("data").on("data", keep);
        child.off("exit", onExit);
        resolve(found);
      };
      stream.on("data", onData);
    };
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`${label} exited (${signal ?? code}) before listening:\n${tail}`));
    startTimer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${label} did not report listening within ${startTimeoutMs} ms:\n${tail}`));
    }, startTimeoutMs);
    for (const stream of streams) listen(stream);
    child.once("exit", onExit);
    child.once("error", reject);
  }).finally(() => clearTimeout(startTimer));

  return {
    label,
    url,
    child,
    outputTail: () => tail,
    async stop(graceMs = 10_000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
