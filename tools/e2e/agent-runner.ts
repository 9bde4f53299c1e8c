import { spawn } from "node:child_process";
import { once } from "node:events";

/** One answer of the flagship agent (see flagship-agent.ts), by the instruction it answers. */
export type AgentAnswer = { readonly ok: boolean; readonly error?: string } & Record<string, unknown>;

export interface AgentRunner {
  readonly pid: number;
  /** Sends one instruction to the agent (CMD) through the runner's stdin; resolves with its answer. */
  ask(instruction: Record<string, unknown>, timeoutMs?: number): Promise<AgentAnswer>;
  /** The agent's lines that answer no instruction ({"event": "started"}, {"event": "SIGTERM"}). */
  events(): readonly string[];
  stdout(): string;
  /** The runner's structured log. */
  stderr(): string;
  /** Resolves once stderr has a line matching `pattern`, failing after `timeoutMs` or if the runner exits. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the runner's process group (agent and MCP server included), for cleanup after a failed test. */
  kill(): Promise<void>;
}

/**
 * Starts `acp-runner run ... -- <agent>` with stdin and stdout piped, so the
 * test talks to the agent through the runner exactly as a terminal would.
 */
export function startAgentRunner(options: {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}): AgentRunner {
  const [command, ...args] = options.argv;
  // Its own process group, so a cleanup after a failed test can stop the runner,
  // the agent and the MCP server together instead of orphaning the last two.
  const child = spawn(command!, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  let pending = "";
  let nextId = 1;
  let running = true;
  const events: string[] = [];
  const waiting = new Map<number, (answer: AgentAnswer) => void>();
  const wakers = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    pending += chunk.toString();
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      let message: { id?: number } & AgentAnswer;
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        events.push(line);
        continue;
      }
      const resolve = message.id === undefined ? undefined : waiting.get(message.id);
      if (resolve === undefined) events.push(line);
      else resolve(message);
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const wake of wakers) wake();
  });
  const exited = once(child, "close").then(([code, signal]) => {
    running = false;
    for (const wake of wakers) wake();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  // A runner that exits unexpectedly fails the instruction in flight instead of hanging it.
  void exited.then(() => {
    for (const [id, resolve] of waiting) resolve({ ok: false, error: `runner exited before answering #${id}` });
  });
  child.stdin!.on("error", () => {});

  return {
    pid: child.pid!,
    ask(instruction, timeoutMs = 30_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the agent did not answer ${JSON.stringify(instruction)} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(answer);
        });
        child.stdin!.write(`${JSON.stringify({ id, ...instruction })}\n`);
      });
    },
    events: () => [...events],
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLog(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          wakers.delete(check);
          settle();
        };
        const check = () => {
          const line = stderr.split("\n").find((text) => pattern.test(text));
          if (line !== undefined) finish(() => resolve(line));
          else if (!running) finish(() => reject(new Error(`the runner exited before logging ${pattern}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms`))),
          timeoutMs,
        );
        wakers.add(check);
        check();
      });
    },
    exited,
    async kill() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // The group is gone already.
      }
      await exited;
    },
  };
}
