import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commands } from "../commands/index.js";
import { capturedIo } from "./captured-io.js";

export interface ServedApi {
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  /** The structured log so far, one parsed entry per line. */
  logEntries(): Record<string, unknown>[];
  logText(): string;
  stop(): Promise<number>;
}

/**
 * `acp-api serve FLAGS` run in this process on SQLite and a random port: the
 * real command, its flag parsing and its server, without waiting for a bundle.
 */
export async function serveInProcess(flags: readonly string[], env: Record<string, string> = {}): Promise<ServedApi> {
  const dir = await mkdtemp(join(tmpdir(), "acp-serve-in-process-"));
  const tokenFile = join(dir, "admin.token");
  const io = capturedIo({ ACP_DATABASE_URL: "", ACP_KEYRING_FILE: "", ...env });
  const args = [
    "--dev",
    "--data-dir",
    join(dir, "data"),
    "--listen",
    "127.0.0.1:0",
    "--bootstrap-token-file",
    tokenFile,
  ];
  const serve = commands.find((command) => command.name === "serve")!;
  const exited = serve.invoke([...args, ...flags], io);
  const deadline = Date.now() + 20_000;
  let url: string | undefined;
  while (url === undefined) {
    url = /"msg":"listening","url":"([^"]+)"/.exec(io.stderrText())?.[1];
    if (url) break;
    if (Date.now() > deadline) throw new Error(`serve did not listen within 20 s:\n${io.stderrText()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const adminToken = (await readFile(tokenFile, "utf8")).trim();
  return {
    url,
    port: Number(new URL(url).port),
    adminToken,
    logText: () => io.stderrText(),
    logEntries: () =>
      io
        .stderrText()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      io.stop();
      const code = await exited;
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Polls until `check` returns a value, or fails naming `what` after the deadline. */
export async function eventually<T>(what: string, check: () => T | undefined, deadlineMs = 8_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
