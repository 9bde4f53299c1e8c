// One attack against a separate acp-api process, with a well-behaved client
// calling it throughout over its own long-lived HTTP/2 connection (opened
// before the attack, as a runner or acpctl session would hold one), and the
// server's resident memory read from /proc.
import { UserService } from "@acp/proto";
import type { ChildServer } from "../bench/child-server.js";
import { processMemory, resetPeakMemory } from "../bench/process-memory.js";
import type { Attack, AttackCounts } from "./attacks.js";
import type { ReliabilityWorld } from "./reliability-world.js";

export interface AttackOutcome {
  readonly attack: string;
  readonly counts: AttackCounts;
  readonly served: number;
  /** Calls that failed or took longer than the per-call deadline. */
  readonly failed: number;
  readonly latencyMs: { readonly p50: number; readonly max: number };
  /** The server's highest RSS during the attack (VmHWM after a reset), MB. */
  readonly peakRssMb: number;
  readonly failures: string[];
}

/** The bound on one well-behaved call: past it, the call counts as failed. */
export const callDeadlineMs = 5_000;

export async function underAttack(
  world: ReliabilityWorld,
  server: ChildServer,
  attack: Attack,
  durationMs: number,
): Promise<AttackOutcome> {
  const pid = server.child.pid!;
  const users = world.client(UserService, server.url, "2");
  await users.getCurrentUser({});
  const peakReset = resetPeakMemory(pid);
  let sampledPeak = 0;
  const sample = () => (sampledPeak = Math.max(sampledPeak, processMemory(pid)?.rssMb ?? 0));
  const sampler = setInterval(sample, 100);

  const until = Date.now() + durationMs;
  const latencies: number[] = [];
  const failures: string[] = [];
  let failed = 0;
  const client = async () => {
    for (let n = 0; n < 100_000 && Date.now() < until; n++) {
      const start = performance.now();
      try {
        const { user } = await users.getCurrentUser({}, { timeoutMs: callDeadlineMs });
        if (user?.name !== "admin") throw new Error(`answered as ${user?.name}`);
        latencies.push(performance.now() - start);
      } catch (error) {
        failed++;
        if (failures.length < 5) failures.push((error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const target = { port: Number(new URL(server.url).port), url: server.url, token: world.adminToken() };
  const [counts] = await Promise.all([attack.run(target, until), client()]);
  clearInterval(sampler);
  sample();
  const hwm = processMemory(pid)?.peakRssMb ?? 0;
  latencies.sort((a, b) => a - b);
  return {
    attack: attack.name,
    counts,
    served: latencies.length,
    failed,
    latencyMs: { p50: Math.round(latencies[latencies.length >> 1] ?? 0), max: Math.round(latencies.at(-1) ?? 0) },
    peakRssMb: Math.round(peakReset ? Math.max(hwm, sampledPeak) : sampledPeak),
    failures,
  };
}
