import { readFileSync } from "node:fs";

// USER_HZ, the unit of /proc/PID/stat times: 100 on every Linux architecture
// Node supports, whatever the kernel's own tick rate (CONFIG_HZ).
const ticksPerSecond = 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, or
 * undefined where /proc is unavailable (macOS, Windows). Server CPU per call
 * is a steadier comparison than throughput on a shared 2-core machine, where
 * the client competes with the server and with whatever else is running.
 */
export function processCpuMs(pid: number): number | undefined {
  // Fields 14 and 15 of stat(5): utime, stime.
  return statMs(`/proc/${pid}/stat`, 14, 15);
}

/**
 * CPU time (user + system) of this process's children that have exited and
 * been reaped, in ms. Read before and after a child's whole life, the
 * difference is that child's CPU: the kernel adds it here when libuv waits
 * for it, which happens before Node emits the child's "exit". Children still
 * running (the servers under test) do not count until they exit.
 */
export function reapedChildrenCpuMs(): number | undefined {
  // Fields 16 and 17 of stat(5): cutime, cstime.
  return statMs("/proc/self/stat", 16, 17);
}

function statMs(path: string, ...fieldNumbers: number[]): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  // Field 2 (comm) is parenthesised and may hold spaces; field 3 is the first
  // one after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = fieldNumbers.map((n) => Number(fields[n - 3]));
  if (!ticks.every(Number.isFinite)) return undefined;
  return (ticks.reduce((a, b) => a + b, 0) / ticksPerSecond) * 1000;
}
