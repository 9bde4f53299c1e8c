import { spawn } from "node:child_process";
import { once } from "node:events";

export interface LineTiming {
  /** From spawn to the first stderr line matching the pattern. */
  readonly toLineMs: number;
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs `node ARGS` to its exit, timing from spawn to the first stderr line
 * that matches `line`: the moment a long-lived process says it is ready,
 * which its exit would not show. Fails when the line never comes or the
 * process exits non-zero.
 */
export async function timeToLine(
  args: readonly string[],
  line: RegExp,
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string },
): Promise<LineTiming> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let toLineMs: number | undefined;
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (toLineMs === undefined && stderr.split("\n").some((text) => line.test(text))) {
      toLineMs = performance.now() - started;
    }
  });
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0 || toLineMs === undefined) {
    throw new Error(
      `node ${args.join(" ")} exited ${code}${toLineMs === undefined ? `, never printing ${line}` : ""}:\n${stderr}`,
    );
  }
  return { toLineMs, code, stderr };
}
