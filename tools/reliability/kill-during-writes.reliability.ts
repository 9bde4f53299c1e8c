// Long part: eight SIGKILLs per backend at random moments of concurrent
// creates; after each restart, every write acknowledged so far is there.
import { afterEach, describe, expect, it } from "vitest";
import { killDuringWrites } from "./kill-during-writes.js";
import { backendNames, createWorld, type ReliabilityWorld } from "./reliability-world.js";

describe.each(backendNames)("kill -9 during writes on %s, eight times", (backend) => {
  let world: ReliabilityWorld | undefined;
  afterEach(async () => world?.dispose());

  it("keeps every acknowledged create across eight kills", async () => {
    world = await createWorld(backend);
    const rounds = await killDuringWrites(world, { kills: 8, writers: 12, killAfterMs: [300, 3_000] });
    const acknowledged = rounds.reduce((sum, r) => sum + r.acknowledged, 0);
    console.log(`kill -9 x8 on ${backend}: ${acknowledged} acknowledged; per kill ${JSON.stringify(rounds)}`);
    expect(rounds).toHaveLength(8);
    expect(rounds.every((r) => r.acknowledged > 0)).toBe(true);
    expect(rounds.map((r) => r.lost)).toEqual(Array(8).fill(0));
  });
});
