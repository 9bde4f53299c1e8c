import { readFileSync, writeFileSync } from "node:fs";

export interface ProcessMemory {
  /** Resident set size now, MB. */
  readonly rssMb: number;
  /** The highest resident set size so far (VmHWM), MB. */
  readonly peakRssMb: number;
}

/** Another process's resident memory from /proc/PID/status, or undefined where /proc is unavailable. */
export function processMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const mb = (field: string) => {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  };
  const rssMb = mb("VmRSS");
  const peakRssMb = mb("VmHWM");
  return rssMb === undefined || peakRssMb === undefined ? undefined : { rssMb, peakRssMb };
}

/**
 * Resets another process's VmHWM to its current RSS, so the next reading's
 * peak covers only what came after (clear_refs(5), Linux 4.0+). Returns
 * false where that is not possible; the peak then covers the process's life.
 */
export function resetPeakMemory(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
