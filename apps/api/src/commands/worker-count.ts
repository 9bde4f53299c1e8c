import { availableParallelism } from "node:os";
import { UsageError } from "./command.js";
import { parseCount } from "./serve-limits.js";

// Far above any core count we run on; a typo of 1000 should not fork a thousand processes.
const maxWorkers = 256;

export const workersFlag = { workers: { type: "string" } } as const;

export const workersUsage =
  "  --workers                processes serving the port, each on its own core (default the number of cores; with --dev 1; env ACP_WORKERS)";

/**
 * A flag wins over ACP_WORKERS, which wins over the default: every core for a
 * server, one process for --dev, which tests and laptops start many of at once.
 */
export function resolveWorkerCount(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  dev: boolean,
  cores: () => number = availableParallelism,
): number {
  const [text, source] = flag !== undefined ? [flag, "--workers"] : [env["ACP_WORKERS"] || undefined, "ACP_WORKERS"];
  if (text === undefined) return dev ? 1 : cores();
  const count = parseCount(text, source);
  if (count > maxWorkers) throw new UsageError(`${source}: at most ${maxWorkers} workers, got ${count}`);
  return count;
}
