// `kill -9` while writes are in flight: every create the server acknowledged
// must be there after a restart, on either backend. A write that failed or
// had no answer may or may not have landed; only acknowledged ones count.
import { CredentialService } from "@acp/proto";
import type { ReliabilityWorld } from "./reliability-world.js";
import { createCredential, storedIds, unreadable, type WrittenCredential } from "./stored-credentials.js";

export interface KillRound {
  /** Creates acknowledged in this round, before the SIGKILL. */
  readonly acknowledged: number;
  /** Acknowledged creates (of every round so far) missing or unreadable after the restart. */
  readonly lost: number;
  /** Calls that failed or got no answer, around the kill. */
  readonly unanswered: number;
}

export interface KillOptions {
  readonly kills: number;
  readonly writers: number;
  /** The SIGKILL lands at a random moment in this window after the round's first acknowledgement. */
  readonly killAfterMs: readonly [number, number];
}

const roundDeadlineMs = 30_000;

export async function killDuringWrites(world: ReliabilityWorld, options: KillOptions): Promise<KillRound[]> {
  const rounds: KillRound[] = [];
  const everAcknowledged: WrittenCredential[] = [];
  let server = await world.serve();
  for (let round = 0; round < options.kills; round++) {
    const client = world.client(CredentialService, server.url);
    const acknowledged: WrittenCredential[] = [];
    let unanswered = 0;
    let killed = false;
    const writer = async (w: number) => {
      const started = Date.now();
      for (let n = 0; !killed && Date.now() - started < roundDeadlineMs; n++) {
        try {
          acknowledged.push(await createCredential(client, `kill-${round}-${w}-${n}`));
        } catch {
          unanswered++;
          // Before the kill a failure is a real one; the check below reports it as unanswered.
          if (!killed) await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    };
    const writers = Array.from({ length: options.writers }, (_, w) => writer(w));
    await waitFor(() => acknowledged.length > 0, 10_000);
    const firstAck = Date.now();
    const [low, high] = options.killAfterMs;
    await sleepUntil(firstAck + low + Math.random() * (high - low));
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGKILL");
    killed = true;
    await exited;
    await Promise.all(writers);
    everAcknowledged.push(...acknowledged);

    server = await world.serve();
    const after = world.client(CredentialService, server.url);
    const present = await storedIds(after);
    const missing = everAcknowledged.filter((c) => !present.has(c.id));
    // This round's writes are the ones the kill could have torn: read each secret back.
    const wrong = await unreadable(after, acknowledged);
    rounds.push({ acknowledged: acknowledged.length, lost: missing.length + wrong.length, unanswered });
  }
  await server.stop();
  return rounds;
}

async function waitFor(check: () => boolean, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`no write acknowledged within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
