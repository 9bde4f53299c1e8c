import { readFile, stat } from "node:fs/promises";
import { errnoCode } from "@acp/secure-files";

/**
 * What tells one process apart from a later one that got the same pid: its
 * start time (clock ticks since boot, from /proc/<pid>/stat) and the boot it
 * started in. Undefined fields are unknown (no /proc), not "any".
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: string | undefined;
  readonly bootId: string | undefined;
  readonly uid: number;
}

export async function currentProcessIdentity(): Promise<ProcessIdentity> {
  const pid = process.pid;
  return { pid, startTime: await startTimeOf(pid), bootId: await currentBootId(), uid: currentUid() };
}

/**
 * Whether the process `identity` describes still runs. A pid that now belongs
 * to another user, started at another time or in another boot is a different
 * process: the runner that wrote the identity is gone.
 */
export async function isRunning(identity: ProcessIdentity): Promise<boolean> {
  const bootId = await currentBootId();
  if (identity.bootId !== undefined && bootId !== undefined && identity.bootId !== bootId) return false;
  const procStat = await stat(`/proc/${identity.pid}`).catch((error: unknown) => errnoCode(error) ?? "unknown");
  if (procStat === "ENOENT") return false;
  if (typeof procStat === "string") return signalProbe(identity.pid);
  if (procStat.uid !== identity.uid) return false;
  const startTime = await startTimeOf(identity.pid);
  // Exited between the two reads.
  if (startTime === undefined) return false;
  return identity.startTime === undefined || identity.startTime === startTime;
}

/** Without /proc: signal 0 checks existence only; EPERM means someone else's process, so not our runner. */
function signalProbe(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startTimeOf(pid: number): Promise<string | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  // The command name (field 2) is in parentheses and may itself hold spaces
  // and parentheses, so fields are counted from the last ")". Field 3 (state)
  // is first after it, which puts field 22 (starttime) at index 19.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return fields[19];
}

async function currentBootId(): Promise<string | undefined> {
  const text = await readFile("/proc/sys/kernel/random/boot_id", "utf8").catch(() => undefined);
  return text?.trim() || undefined;
}

export function currentUid(): number {
  if (process.geteuid === undefined) throw new Error("acp-runner needs a POSIX platform with process.geteuid()");
  return process.geteuid();
}
