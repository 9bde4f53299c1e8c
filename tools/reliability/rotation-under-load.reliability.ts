// Long part: the rotation over 400 secrets, eight readers, five seconds
// between steps; no read fails or returns a wrong secret.
import { afterEach, describe, expect, it } from "vitest";
import { backendNames, createWorld, type ReliabilityWorld } from "./reliability-world.js";
import { rotateUnderLoad } from "./rotation-under-load.js";

describe.each(backendNames)("key rotation under sustained read load on %s", (backend) => {
  let world: ReliabilityWorld | undefined;
  afterEach(async () => world?.dispose());

  it("serves every read, rightly, through the whole rotation", async () => {
    world = await createWorld(backend);
    const outcome = await rotateUnderLoad(world, { secrets: 400, readers: 8, holdMs: 5_000 });
    const total = outcome.phases.reduce((sum, p) => sum + p.reads, 0);
    console.log(`rotation on ${backend}: ${total} reads; ${JSON.stringify(outcome.phases)}; ${outcome.failures}`);
    expect(outcome.reencrypt).toMatchObject({ code: 0, stderr: "" });
    expect(outcome.reencrypt.stdout).toContain('re-encrypted 400 of 400 secrets to key "k2"');
    expect(outcome.phases.every((p) => p.reads > 0)).toBe(true);
    expect(outcome.phases.map((p) => [p.phase, p.failed, p.wrong])).toEqual(outcome.phases.map((p) => [p.phase, 0, 0]));
  });
});
