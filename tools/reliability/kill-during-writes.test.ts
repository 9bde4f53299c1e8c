// Fast part of the reliability suite (issue 11): one SIGKILL per backend in
// the middle of concurrent creates loses no acknowledged write.
// kill-during-writes.reliability.ts runs eight per backend.
import { afterEach, describe, expect, it } from "vitest";
import { killDuringWrites } from "./kill-during-writes.js";
import { backendNames, createWorld, type ReliabilityWorld } from "./reliability-world.js";

describe.each(backendNames)("kill -9 during writes on %s", (backend) => {
  let world: ReliabilityWorld | undefined;
  afterEach(async () => world?.dispose());

  it("keeps every acknowledged create across one kill", async () => {
    world = await createWorld(backend);
    const rounds = await killDuringWrites(world, { kills: 1, writers: 6, killAfterMs: [200, 800] });
    console.log(`kill -9 on ${backend}: ${JSON.stringify(rounds)}`);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.acknowledged).toBeGreaterThan(0);
    expect(rounds.map((r) => r.lost)).toEqual([0]);
  });
});
