// Every RPC of every served service, called by every kind of caller, must
// answer the code the expectation table states. Cells are collected and
// checked at once, so a failure lists every wrong cell rather than the first.

import { Health } from "@acp/proto";
import { type Message, toJsonString } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { traceOfPOrC } from "../testing/authorization-answers.js";
import type { AuthorizationCase } from "../testing/authorization-case.js";
import { accessCases } from "../testing/authorization-cases-access.js";
import { identityCases } from "../testing/authorization-cases-identity.js";
import { type Expected, expectedLabels, expectedRow } from "../testing/authorization-expectations.js";
import { principalNames, principalTitles } from "../testing/authorization-principals.js";
import { type AuthorizationWorld, buildAuthorizationWorld, type Caller } from "../testing/authorization-world.js";
import { useTestApi } from "../testing/test-api.js";
import { testBackends } from "../testing/test-databases.js";
import { servedServices } from "./routes.js";

const cases: readonly AuthorizationCase[] = [...identityCases, ...accessCases];

const codeName = (code: Expected) => (code === "OK" ? "OK" : Code[code]);

interface Outcome {
  readonly code: Expected;
  readonly answer?: unknown;
  readonly message?: string;
}

async function outcomeOf(c: AuthorizationCase, world: AuthorizationWorld, caller: Caller): Promise<Outcome> {
  // Outside the try: a target that cannot be made is the fixture's failure, not this cell's code.
  const target = await c.arrange(world, caller);
  try {
    return { code: "OK", answer: await c.call(world, caller, target) };
  } catch (error) {
    const err = ConnectError.from(error);
    return { code: err.code, message: err.rawMessage };
  }
}

/** What is wrong with the cell, or undefined when it answered as the table says. */
async function wrongCell(
  c: AuthorizationCase,
  world: AuthorizationWorld,
  caller: Caller,
  expected: Expected,
): Promise<string | undefined> {
  const cell = `${c.label} × ${principalTitles[caller.name]}`;
  const got = await outcomeOf(c, world, caller);
  if (got.code !== expected) {
    const allow = got.code === "OK" ? " (UNEXPECTED ALLOW)" : "";
    const why = got.message === undefined ? "" : `: ${got.message}`;
    return `${cell}: expected ${codeName(expected)}, got ${codeName(got.code)}${allow}${why}`;
  }
  if (got.code !== "OK") return undefined;
  // An allow must also hand out the right thing, and a plain user nothing of P's or C's.
  const json = toJsonString(c.method.output, got.answer as Message);
  const problem =
    c.verify(got.answer, json, world, caller) ?? (caller.name === "plain" ? traceOfPOrC(json, world) : undefined);
  return problem === undefined ? undefined : `${cell}: expected OK, got OK but it ${problem}`;
}

describe.each(testBackends)("authorization matrix over Connect on $name", (backend) => {
  const api = useTestApi(backend);
  let world: AuthorizationWorld;
  beforeAll(async () => {
    world = await buildAuthorizationWorld(api);
  });

  it("has a row for every RPC of every served service, and the table no row without a case", () => {
    const covered = new Set(cases.map((c) => `${c.service.typeName}/${c.method.name}`));
    // Health is public: its one row shows every caller is answered, whatever its token.
    const missing = [...servedServices, { typeName: Health.typeName, methods: [Health.method.check] }]
      .flatMap((service) => service.methods.map((m) => `${service.typeName}/${m.name}`))
      .filter((rpc) => !covered.has(rpc));
    expect(missing, "RPCs the matrix never calls").toEqual([]);
    const labels = cases.map((c) => c.label);
    expect(new Set(labels).size, "two cases share a label").toBe(labels.length);
    expect(expectedLabels().sort(), "the table's rows and the cases differ").toEqual([...labels].sort());
  });

  it("answers every (RPC, principal) cell with the code the table states", async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const row = expectedRow(c.label);
      if (row === undefined) throw new Error(`the table has no row for ${c.label}`);
      for (const [i, name] of principalNames.entries()) {
        const problem = await wrongCell(c, world, world.callers[name], row[i]!);
        if (problem !== undefined) wrong.push(problem);
      }
    }
    const allows = wrong.filter((w) => w.includes("(UNEXPECTED ALLOW)")).length;
    expect(wrong, `${wrong.length} wrong cells, ${allows} of them unexpected allows`).toEqual([]);
  });
});
