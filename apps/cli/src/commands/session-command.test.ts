import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { bearer, startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "../testing/captured-io.js";
import { loggedIn, parsedJson } from "../testing/cli-fixtures.js";

interface SessionJson {
  id: string;
  projectId: string;
  state: string;
  expireTime: string;
  createTime: string;
  resolved?: { credentialName: string; tier: string; provider: string }[];
  excluded?: { reason: string; winnerBindingId: string }[];
}

describe("acpctl session", () => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi();
    env = await loggedIn(api);
    for (const name of ["payments", "search"]) await runCli(["project", "create", name], { env });
    for (const name of ["bot", "other-bot"]) {
      await runCli(["credential", "create", "--name", name, "--provider", "github", "--secret-file", "-"], {
        env,
        input: `ghp_${name}`,
      });
    }
  });
  afterAll(async () => api.stop());

  it("creates a session with its TTL and prints the id and the runner token once", async () => {
    const before = Date.now();
    const created = await runCli(["session", "create", "--project", "payments", "--agent", "ci", "--ttl", "1h30m"], {
      env,
    });
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(
      /^created session ses_\w+ in project prj_\w+ \(expires in (89|90)m\)\nrunner token \(shown once\): acpr_\S+\n$/,
    );
    const id = /ses_\w+/.exec(created.stdout)![0];
    const token = /acpr_\S+/.exec(created.stdout)![0];
    // The token printed is the session's: it reads that session's credentials.
    const read = await api.sessions.getSessionCredentials({}, bearer(token));
    expect(read.session?.id).toBe(id);
    const got = parsedJson(await runCli(["session", "get", id, "-o", "json"], { env })) as unknown as SessionJson;
    const ttl = Date.parse(got.expireTime) - Date.parse(got.createTime);
    expect(ttl).toBe(90 * 60_000);
    expect(Date.parse(got.createTime)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("gives scripts the session and the token with -o json", async () => {
    const json = parsedJson(await runCli(["session", "create", "--project", "payments", "-o", "json"], { env }));
    expect(Object.keys(json).sort()).toEqual(["runnerToken", "session"]);
    expect(json["runnerToken"]).toMatch(/^acpr_/);
    expect(json["session"]).toMatchObject({ state: "SESSION_STATE_RUNNING" });
    const yaml = parseYaml(
      (await runCli(["session", "create", "--project", "payments", "-o", "yaml"], { env })).stdout,
    );
    expect(yaml.runnerToken).toMatch(/^acpr_/);
  });

  it("writes the token to a 0600 file with --token-file and prints only the session id", async () => {
    const path = join(api.dir, "runner-dir", "runner.token");
    const created = await runCli(["session", "create", "--project", "payments", "--token-file", path], { env });
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^ses_\w+\n$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(api.dir, "runner-dir"))).mode & 0o777).toBe(0o700);
    const token = await readFile(path, "utf8");
    expect(token).toMatch(/^acpr_\S+$/);
    const read = await api.sessions.getSessionCredentials({}, bearer(token));
    expect(read.session?.id).toBe(created.stdout.trim());

    // With -o json the file still holds the token, and the output does not.
    const again = join(api.dir, "runner-dir", "second.token");
    const json = await runCli(["session", "create", "--project", "payments", "--token-file", again, "-o", "json"], {
      env,
    });
    expect(Object.keys(parsedJson(json))).toEqual(["session"]);
    expect(json.stdout).not.toContain(await readFile(again, "utf8"));
  });

  it("refuses a token file in a directory others can open before creating anything", async () => {
    const open = join(api.dir, "shared");
    await mkdir(open, { mode: 0o755 });
    const count = async () =>
      (parsedJson(await runCli(["session", "list", "-o", "json"], { env }))["sessions"] as unknown[]).length;
    const before = await count();
    const result = await runCli(["session", "create", "--project", "payments", "--token-file", join(open, "t")], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*shared.* open to group or others\n.*mkdir -m 700/);
    expect(await count()).toBe(before);
    expect((await runCli(["session", "create", "--project", "payments", "--token-file", "-"], { env })).code).toBe(2);
  });

  it("shows which credential won per provider, what was left out and why", async () => {
    await runCli(["bind", "other-bot", "--project", "payments"], { env });
    const id = (
      await runCli(["session", "create", "--project", "payments", "--token-file", join(api.dir, "r", "t")], {
        env,
      })
    ).stdout.trim();
    await runCli(["bind", "bot", "--session", id], { env });
    const table = (await runCli(["session", "get", id], { env })).stdout;
    expect(table).toMatch(/^ID\s+PROJECT\s+AGENT\s+STATE\s+EXPIRES\s+AGE\n/);
    expect(table).toMatch(new RegExp(`^${id}\\s+prj_\\w+\\s+-\\s+running\\s+in \\d+h\\s+\\d+s$`, "m"));
    expect(table).toMatch(
      /^Credentials:\nPROVIDER\s+CREDENTIAL\s+TIER\s+BINDING\ngithub\s+bot \(cred_\w+\)\s+session\s+bnd_\w+$/m,
    );
    expect(table).toMatch(
      /^Left out:\nPROVIDER\s+CREDENTIAL\s+TIER\s+BINDING\s+LOST TO\s+REASON\ngithub\s+cred_\w+\s+project\s+/m,
    );

    const yaml = parseYaml((await runCli(["session", "get", id, "-o", "yaml"], { env })).stdout) as SessionJson;
    expect(yaml.resolved).toEqual([
      expect.objectContaining({
        credentialName: "bot",
        tier: "BINDING_TIER_SESSION",
        provider: "PROVIDER_TYPE_GITHUB",
      }),
    ]);
    expect(yaml.excluded).toEqual([expect.objectContaining({ reason: expect.any(String) })]);
    expect(JSON.stringify(yaml)).not.toContain("ghp_");
  });

  it("lists sessions, of one project with --project, and ends one", async () => {
    const id = (
      await runCli(["session", "create", "--project", "search", "--token-file", join(api.dir, "s", "t")], {
        env,
      })
    ).stdout.trim();
    const table = (await runCli(["session", "list", "--project", "search"], { env })).stdout;
    expect(table.split("\n")).toHaveLength(3);
    expect(table).toMatch(new RegExp(`^${id}\\s+prj_\\w+\\s+-\\s+running\\s+in 2[34]h\\s+\\d+s$`, "m"));
    const all = parsedJson(await runCli(["sessions", "list", "-o", "json"], { env }))["sessions"] as SessionJson[];
    expect(all.length).toBeGreaterThan(1);
    expect(
      (parsedJson(await runCli(["session", "list", "--limit", "1", "-o", "json"], { env }))["sessions"] as unknown[])
        .length,
    ).toBe(1);

    expect(await runCli(["session", "end", id], { env })).toEqual({
      code: 0,
      stdout: `ended session ${id}\n`,
      stderr: "",
    });
    const ended = parsedJson(await runCli(["session", "end", id, "-o", "json"], { env }));
    expect(ended).toMatchObject({ id, state: "SESSION_STATE_ENDED" });
    expect((await runCli(["session", "list", "--project", "search"], { env })).stdout).toMatch(
      new RegExp(`^${id}\\s+prj_\\w+\\s+-\\s+ended\\s+-\\s+\\d+s$`, "m"),
    );
  });

  it("refuses a bad TTL as a usage error, and names a missing session or project", async () => {
    const bad = await runCli(["session", "create", "--project", "payments", "--ttl", "8 hours"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--ttl: expected a duration such as 30s, 8h, 7d or 1h30m/);
    expect((await runCli(["session", "create"], { env })).code).toBe(2);
    const tooLong = await runCli(["session", "create", "--project", "payments", "--ttl", "30d"], { env });
    expect(tooLong).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: ttl: must be at most/) });
    expect(await runCli(["session", "get", "ses_nosuch"], { env })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/ses_nosuch/),
    });
    expect((await runCli(["session", "create", "--project", "nosuch"], { env })).stderr).toMatch(/nosuch/);
    expect(
      (await runCli(["session", "list"], { env: await loggedIn(api, await api.createUser("lonely")) })).stderr,
    ).toBe("No sessions found.\n");
  });
});
