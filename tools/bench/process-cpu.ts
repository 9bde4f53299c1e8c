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
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Field 2 (comm) is parenthesised and may hold spaces; fields 14 and 15
  // (utime, stime) are the 12th and 13th after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) / ticksPerSecond) * 1000;
}
