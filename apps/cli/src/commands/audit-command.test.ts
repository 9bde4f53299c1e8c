import { bearer, startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "../testing/captured-io.js";
import { loggedIn, parsedJson } from "../testing/cli-fixtures.js";

interface EventJson {
  action: string;
  principalUserId?: string;
  principalSessionId?: string;
  credentialId?: string;
  sessionId?: string;
  outcome: string;
  valueHmac?: string;
  time: string;
}

const events = (result: Awaited<ReturnType<typeof runCli>>) =>
  (parsedJson(result)["events"] as EventJson[] | undefined) ?? [];

describe("acpctl audit", () => {
  let api: TestApi;
  let admin: Record<string, string>;
  let owner: Record<string, string>;
  let sessionId: string;
  let credentialId: string;
  const secret = "ghp_audited_value";
  beforeAll(async () => {
    api = await startTestApi();
    admin = await loggedIn(api);
    owner = await loggedIn(api, await api.createUser("owner"));
    await runCli(["project", "create", "payments", "--owner", "owner"], { env: admin });
    const created = parsedJson(
      await runCli(
        ["credential", "create", "--name", "bot", "--provider", "github", "--secret-file", "-", "-o", "json"],
        {
          env: owner,
          input: secret,
        },
      ),
    );
    credentialId = String(created["id"]);
    await runCli(["bind", "bot", "--project", "payments"], { env: owner });
    const session = parsedJson(
      await runCli(["session", "create", "--project", "payments", "-o", "json"], { env: owner }),
    );
    sessionId = (session["session"] as { id: string }).id;
    // The runner's read, as the runner will make it.
    await api.sessions.getSessionCredentials({}, bearer(String(session["runnerToken"])));
    await runCli(["credential", "token", "bot"], { env: owner });
  });
  afterAll(async () => api.stop());

  it("lists events oldest first in a table, and as ListAuditEventsResponse in json and yaml", async () => {
    const table = (await runCli(["audit", "list"], { env: admin })).stdout;
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME\s+ACTION\s+PRINCIPAL\s+CREDENTIAL\s+PROVIDER\s+OUTCOME\s+PEER$/);
    expect(table).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+credential-create\s+usr_\w+\s+cred_\w+\s+github\s+ok\s+127\.0\.0\.1:\d+$/m,
    );
    expect(table).toMatch(
      new RegExp(`^\\S+\\s+secret-read\\s+${sessionId}\\s+${credentialId}\\s+github\\s+ok\\s`, "m"),
    );
    expect(table).toMatch(/^\S+\s+project-create\s+usr_\w+\s+-\s+-\s+ok\s/m);
    const times = lines.slice(1).map((line) => line.split(/\s+/)[0]!);
    expect([...times].sort()).toEqual(times);

    const json = events(await runCli(["audit", "list", "-o", "json"], { env: admin }));
    expect(json.length).toBe(lines.length - 1);
    const yaml = parseYaml((await runCli(["audit", "list", "-o", "yaml"], { env: admin })).stdout) as {
      events: EventJson[];
    };
    expect(yaml.events).toEqual(json);
    expect(JSON.stringify(json)).not.toContain(secret);
  });

  it("filters by credential (id or name), session, principal, time and limit", async () => {
    const byName = events(await runCli(["audit", "list", "--credential", "bot", "-o", "json"], { env: owner }));
    expect(byName.length).toBeGreaterThanOrEqual(4);
    expect(byName.every((e) => e.credentialId === credentialId)).toBe(true);
    expect(events(await runCli(["audit", "list", "--credential", credentialId, "-o", "json"], { env: owner }))).toEqual(
      byName,
    );

    const ofSession = events(await runCli(["audit", "list", "--session", sessionId, "-o", "json"], { env: admin }));
    expect(ofSession.map((e) => e.action)).toEqual(
      expect.arrayContaining(["AUDIT_ACTION_SESSION_CREATE", "AUDIT_ACTION_SECRET_READ"]),
    );
    const bySession = events(await runCli(["audit", "list", "--principal", sessionId, "-o", "json"], { env: admin }));
    expect(bySession).toEqual([expect.objectContaining({ action: "AUDIT_ACTION_SECRET_READ", credentialId })]);

    expect(events(await runCli(["audit", "list", "--limit", "2", "-o", "json"], { env: admin }))).toHaveLength(2);
    expect(
      events(await runCli(["audit", "list", "--since", "1h", "-o", "json"], { env: admin })).length,
    ).toBeGreaterThan(3);
    expect(events(await runCli(["audit", "list", "--until", "1h", "-o", "json"], { env: admin }))).toEqual([]);
    const first = events(await runCli(["audit", "list", "--limit", "1", "-o", "json"], { env: admin }))[0]!;
    const since = events(await runCli(["audit", "list", "--since", first.time, "-o", "json"], { env: admin }));
    expect(since[0]).toEqual(first);
  });

  it("finds the reads that returned a value by its HMAC, the value read from stdin", async () => {
    const hashed = await runCli(["audit", "hash"], { env: admin, input: secret });
    expect(hashed).toMatchObject({ code: 0, stderr: "" });
    const hmac = hashed.stdout.trim();
    expect(hmac).toMatch(/^[0-9a-f]{64}$/);
    const reads = events(await runCli(["audit", "list", "--hmac", hmac, "-o", "json"], { env: admin }));
    // The runner's read and the owner's `credential token`.
    expect(reads.map((e) => e.action)).toEqual(["AUDIT_ACTION_SECRET_READ", "AUDIT_ACTION_SECRET_READ"]);
    expect(reads.map((e) => e.principalSessionId ?? e.principalUserId)).toEqual([
      sessionId,
      expect.stringMatching(/^usr_/),
    ]);

    const newline = await runCli(["audit", "hash"], { env: admin, input: `${secret}\n` });
    expect(newline.stderr).toMatch(/ends with a newline/);
    expect(newline.stdout.trim()).not.toBe(hmac);
    expect(newline.stderr).not.toContain(secret);
    expect((await runCli(["audit", "hash"], { env: admin, input: "" })).code).toBe(2);
    expect((await runCli(["audit", "hash"], { env: owner, input: secret })).code).toBe(1);
  });

  it("shows an owner only their credentials' events, and refuses bad filters", async () => {
    const seen = events(await runCli(["audit", "list", "-o", "json"], { env: owner }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((e) => e.credentialId === credentialId)).toBe(true);
    const stranger = await loggedIn(api, await api.createUser("stranger"));
    expect(await runCli(["audit", "list"], { env: stranger })).toEqual({
      code: 0,
      stdout: "",
      stderr: "No audit events found.\n",
    });

    expect(await runCli(["audit", "list", "--principal", "alice"], { env: admin })).toMatchObject({
      code: 1,
      stderr: "error: principal: must be a user id (usr_…) or a session id (ses_…)\n",
    });
    expect((await runCli(["audit", "list", "--hmac", "xyz"], { env: admin })).stderr).toMatch(/^error: value_hmac: /);
    expect((await runCli(["audit", "list", "--since", "soon"], { env: admin })).code).toBe(2);
    expect((await runCli(["audit", "list", "--credential", "nosuch"], { env: admin })).stderr).toMatch(/nosuch/);
  });
});
