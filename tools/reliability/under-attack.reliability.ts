// Long part: each attack for 20 s at twice the fast part's size, against a
// fresh server with the default limits; the well-behaved client must be served
// throughout and RSS must stay under 512 MB, for every attack.
import { afterEach, describe, it } from "vitest";
import type { ChildServer } from "../bench/child-server.js";
import { underAttack } from "./attack-run.js";
import { attackSuite } from "./attack-suite.js";
import { createWorld, type ReliabilityWorld } from "./reliability-world.js";
import { expectServedThroughout } from "./served-throughout.js";

describe("a well-behaved client beside each attack, for 20 s", () => {
  let world: ReliabilityWorld | undefined;
  afterEach(async () => world?.dispose());

  it.each(attackSuite(2).map((attack) => [attack.name, attack] as const))("%s", async (_, attack) => {
    world = await createWorld("sqlite");
    const server: ChildServer = await world.serve();
    const outcome = await underAttack(world, server, attack, 20_000);
    console.log(JSON.stringify(outcome));
    expectServedThroughout(outcome);
  });
});
