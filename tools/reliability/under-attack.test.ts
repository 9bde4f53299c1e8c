// Fast part of the reliability suite (issue 11): under each attack, for a few
// seconds, a well-behaved client's every call succeeds within its deadline
// and the server's RSS stays under 512 MB. The server runs with the default
// limits, as a deployment keeps them. under-attack.reliability.ts runs each
// for 20 s at twice the size, and asserts all of them strictly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChildServer } from "../bench/child-server.js";
import { underAttack } from "./attack-run.js";
import { attackSuite, rssLimitMb } from "./attack-suite.js";
import { createWorld, type ReliabilityWorld } from "./reliability-world.js";
import { expectServedThroughout } from "./served-throughout.js";

/**
 * Attacks that still deny the well-behaved client today, each with why. They
 * run as `it.fails`, so this file fails the day one is fixed: then move it
 * back to the strict list.
 */
const stillDenying: Record<string, string> = {};

/**
 * Attacks that deny some calls by chance: too rarely in 2.5 s to fail every run,
 * so here only memory and service at all are asserted, and the long part's
 * 20 s holds them to every call.
 */
const sometimesDenying: Record<string, string> = {};

const reason = (table: Record<string, string>, name: string) =>
  Object.entries(table).find(([prefix]) => name.startsWith(prefix))?.[1];

describe("a well-behaved client beside each attack, for 2.5 s", () => {
  let world: ReliabilityWorld;
  let server: ChildServer | undefined;
  beforeAll(async () => {
    world = await createWorld("sqlite");
  });
  // A fresh server per attack: V8 keeps what an earlier attack made it allocate.
  beforeEach(async () => {
    server = await world.serve();
  });
  afterEach(async () => server?.stop());
  afterAll(async () => world.dispose());

  for (const attack of attackSuite(1)) {
    const denying = reason(stillDenying, attack.name);
    const racy = reason(sometimesDenying, attack.name);
    const known = denying ?? racy;
    const test = denying === undefined ? it : it.fails;
    test(known === undefined ? attack.name : `${attack.name} (known: ${known})`, async () => {
      const outcome = await underAttack(world, server!, attack, 2_500);
      console.log(JSON.stringify(outcome));
      if (racy === undefined) return expectServedThroughout(outcome);
      expect(outcome.served).toBeGreaterThan(0);
      expect(outcome.peakRssMb).toBeLessThan(rssLimitMb);
    });
  }
});
