// The documented key rotation, done by an operator while readers keep asking
// two replicas for secrets: new keyring with a new active key, a rolling
// restart, `keys reencrypt`, the old key removed, a rolling restart again.
// A replica leaves the readers' rotation before it is stopped and joins once
// it listens, as behind a load balancer; every read must succeed and be right.
import { CredentialService } from "@acp/proto";
import type { Client } from "@connectrpc/connect";
import { runBounded } from "../bench/bounded-concurrency.js";
import type { ChildServer } from "../bench/child-server.js";
import type { ReliabilityWorld } from "./reliability-world.js";
import { createCredential, type WrittenCredential } from "./stored-credentials.js";

export interface PhaseReads {
  readonly phase: string;
  readonly reads: number;
  readonly failed: number;
  readonly wrong: number;
}

export interface RotationOutcome {
  readonly phases: PhaseReads[];
  /** What `keys reencrypt` said on stdout (counts and key ids only). */
  readonly reencrypt: { readonly code: number; readonly stdout: string; readonly stderr: string };
  /** Up to five failure messages, for the test's output. */
  readonly failures: string[];
}

export interface RotationOptions {
  readonly secrets: number;
  readonly readers: number;
  /** How long readers read between two steps of the rotation. */
  readonly holdMs: number;
}

const replicas = 2;

export async function rotateUnderLoad(world: ReliabilityWorld, options: RotationOptions): Promise<RotationOutcome> {
  await world.setKeyring(["k1"], "k1");
  const serving: ChildServer[] = [];
  for (let i = 0; i < replicas; i++) serving.push(await world.serve());
  const written: WrittenCredential[] = [];
  const seeder = world.client(CredentialService, serving[0]!.url);
  await runBounded(options.secrets, 8, async (i) => {
    written.push(await createCredential(seeder, `rotate-${i}`));
  });

  const clients = new Map<string, Client<typeof CredentialService>>();
  const clientOf = (server: ChildServer) => {
    const known = clients.get(server.url);
    if (known !== undefined) return known;
    const client = world.client(CredentialService, server.url);
    clients.set(server.url, client);
    return client;
  };
  const phases: PhaseReads[] = [];
  const failures: string[] = [];
  let current = { phase: "k1 only", reads: 0, failed: 0, wrong: 0 };
  const enter = (phase: string) => {
    phases.push(current);
    current = { phase, reads: 0, failed: 0, wrong: 0 };
  };
  let reading = true;
  const reader = async () => {
    // Bounded: readers stop with the rotation, and the rotation's steps have deadlines of their own.
    for (let n = 0; reading && n < 10_000_000; n++) {
      const server = serving[n % serving.length];
      const expected = written[Math.floor(Math.random() * written.length)]!;
      if (server === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const phase = current;
      phase.reads++;
      try {
        const answer = await clientOf(server).getCredentialSecret({ id: expected.id }, { timeoutMs: 10_000 });
        if (answer.secret !== expected.secret) phase.wrong++;
      } catch (error) {
        phase.failed++;
        if (failures.length < 5) failures.push(`${phase.phase}: ${(error as Error).message}`);
      }
    }
  };
  const readers = Array.from({ length: options.readers }, reader);
  const hold = () => new Promise((resolve) => setTimeout(resolve, options.holdMs));
  const rollingRestart = async () => {
    for (let i = 0; i < replicas; i++) {
      const [old] = serving.splice(0, 1);
      await old!.stop();
      serving.push(await world.serve());
    }
  };

  let reencrypt: RotationOutcome["reencrypt"];
  try {
    await hold();
    enter("k1 and k2, rolling restart");
    await world.setKeyring(["k1", "k2"], "k2");
    await rollingRestart();
    enter("k2 active");
    await hold();
    enter("keys reencrypt");
    reencrypt = await world.command(["keys", "reencrypt"]);
    enter("reencrypted");
    await hold();
    enter("k1 removed, rolling restart");
    await world.setKeyring(["k2"], "k2");
    await rollingRestart();
    enter("k2 only");
    await hold();
  } finally {
    reading = false;
    await Promise.all(readers);
    phases.push(current);
    for (const server of serving.splice(0)) await server.stop();
  }
  return { phases, reencrypt, failures };
}
