import { bearer, startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../io/index.js";
import { runCli } from "../testing/captured-io.js";
import { loggedIn, parsedJson } from "../testing/cli-fixtures.js";
import { parseTarget } from "./binding-command.js";

describe("parseTarget", () => {
  it("accepts exactly one target, an agent only with its project", () => {
    expect(parseTarget({ project: "p" })).toEqual({ kind: "project", project: "p" });
    expect(parseTarget({ project: "p", agent: "a" })).toEqual({ kind: "agent", project: "p", agent: "a" });
    expect(parseTarget({ session: "s" })).toEqual({ kind: "session", session: "s" });
    expect(parseTarget({ global: true })).toEqual({ kind: "global" });
    for (const bad of [
      {},
      { project: "p", global: true },
      { session: "s", project: "p" },
      { agent: "a" },
      { agent: "a", session: "s" },
    ]) {
      expect(() => parseTarget(bad)).toThrow(UsageError);
    }
  });
});

describe("acpctl bind, bindings and unbind", () => {
  let api: TestApi;
  let env: Record<string, string>;
  let sessionId: string;
  beforeAll(async () => {
    api = await startTestApi();
    env = await loggedIn(api);
    await api.projects.createProject({ name: "payments" }, bearer(api.adminToken));
    const session = await api.sessions.createSession(
      { projectId: "payments", agent: "ci-fixer" },
      bearer(api.adminToken),
    );
    sessionId = session.session!.id;
    const created = await runCli(
      ["credential", "create", "--name", "bot", "--provider", "github", "--secret-file", "-"],
      { env, input: "ghp_bind" },
    );
    expect(created.code).toBe(0);
  });
  afterAll(async () => api.stop());

  it("binds to each kind of target and lists them with their tiers", async () => {
    const project = await runCli(["bind", "bot", "--project", "payments"], { env });
    expect(project.stdout).toMatch(/^bound bot to project prj_\w+ \(binding bnd_\w+\)\n$/);
    const agent = parsedJson(
      await runCli(["bind", "bot", "--project", "payments", "--agent", "ci-fixer", "-o", "json"], { env }),
    );
    expect(agent).toMatchObject({
      agent: { agent: "ci-fixer" },
      tier: "BINDING_TIER_AGENT",
      provider: "PROVIDER_TYPE_GITHUB",
    });
    expect((await runCli(["bind", "bot", "--session", sessionId], { env })).code).toBe(0);
    expect((await runCli(["bind", "bot", "--global"], { env })).code).toBe(0);

    const table = (await runCli(["bindings", "bot"], { env })).stdout;
    expect(table.split("\n")[0]).toMatch(/^ID\s+TARGET\s+TIER\s+PROVIDER\s+AGE$/);
    for (const tier of ["project", "agent", "session", "global"])
      expect(table).toMatch(new RegExp(`\\s${tier}\\s+github\\s`));
    expect(table).toMatch(/agent ci-fixer of project prj_\w+/);
    const listed = parsedJson(await runCli(["bindings", "bot", "-o", "json"], { env }));
    expect(listed["bindings"]).toHaveLength(4);

    expect((await runCli(["unbind", String(agent["id"])], { env })).stdout).toBe(`deleted binding ${agent["id"]}\n`);
    expect(parsedJson(await runCli(["bindings", "bot", "-o", "json"], { env }))["bindings"]).toHaveLength(3);
  });

  it("refuses a second target or none as a usage error, and names what the server could not find", async () => {
    const both = await runCli(["bind", "bot", "--global", "--session", sessionId], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error: choose one target/m);
    expect(both.stderr).toMatch(/^usage: acpctl bind /m);
    const missing = await runCli(["bind", "nosuch", "--project", "payments"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nosuch/);
    const noBinding = await runCli(["unbind", "bnd_nosuch"], { env });
    expect(noBinding).toMatchObject({ code: 1, stderr: expect.stringMatching(/bnd_nosuch/) });
  });

  it("lets only admins bind globally", async () => {
    const userEnv = await loggedIn(api, await api.createUser("plain"));
    await runCli(["credential", "create", "--name", "mine", "--provider", "github", "--secret-file", "-"], {
      env: userEnv,
      input: "ghp_mine",
    });
    const result = await runCli(["bind", "mine", "--global"], { env: userEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: /);
  });
});
