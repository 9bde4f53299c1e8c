// Fast part of the reliability suite (issue 11): the README's key rotation,
// done while readers read secrets from two replicas, fails no read and
// returns no wrong secret, on both backends. The long part reads longer and more.
import { afterEach, describe, expect, it } from "vitest";
import { backendNames, createWorld, type ReliabilityWorld } from "./reliability-world.js";
import { rotateUnderLoad } from "./rotation-under-load.js";

describe.each(backendNames)("key rotation under read load on %s", (backend) => {
  let world: ReliabilityWorld | undefined;
  afterEach(async () => world?.dispose());

  it("serves every read, rightly, through new key, reencrypt and the old key's removal", async () => {
    world = await createWorld(backend);
    const outcome = await rotateUnderLoad(world, { secrets: 40, readers: 4, holdMs: 500 });
    console.log(`rotation on ${backend}: ${JSON.stringify(outcome.phases)}; ${outcome.failures.join(" | ")}`);
    expect(outcome.reencrypt).toMatchObject({ code: 0, stderr: "" });
    expect(outcome.reencrypt.stdout).toContain('re-encrypted 40 of 40 secrets to key "k2"');
    for (const phase of outcome.phases) {
      expect(phase.reads, phase.phase).toBeGreaterThan(0);
      expect({ phase: phase.phase, failed: phase.failed, wrong: phase.wrong }).toEqual({
        phase: phase.phase,
        failed: 0,
        wrong: 0,
      });
    }
  });
});
