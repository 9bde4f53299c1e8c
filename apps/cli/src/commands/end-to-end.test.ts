import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bearer, startTestApi, type TestApi } from "@acp/api-harness";
import { SessionService } from "@acp/proto";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { corpusFile } from "../testing/cli-fixtures.js";
import { recordedCli, type SpawnedResult } from "../testing/spawn-cli.js";

// One team's day through the built bin, as people and scripts run it: an
// admin and a developer log in from token files, the developer uploads two
// kubeconfigs (a file, and stdin with a chosen context), the admin makes a
// project and adds the developer as an editor, the developer binds both and
// starts a session whose runner token goes to a 0600 file, the runner reads,
// the session ends, and the trail shows the read. Every secret travels in
// files and on stdin only: at the end no argv and no stderr may hold one.
describe("acpctl end to end, through the built bin", () => {
  let api: TestApi;
  let home: string;
  let env: Record<string, string>;
  const secrets: string[] = [];
  const cli = recordedCli(() => env);
  const acpctl = cli.run;
  const asAdmin = (args: string[]) => acpctl([...args, "--context", "admin"]);
  const json = (result: SpawnedResult) => {
    if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };
  const kubeFile = corpusFile("good", "service-account-jwt.yaml");
  const multiFile = corpusFile("good", "multi-cluster-second-current.yaml");
  let sessionId = "";
  let runnerTokenFile = "";

  beforeAll(async () => {
    api = await startTestApi();
    home = join(api.dir, "home");
    await mkdir(home, { mode: 0o700 });
    env = { HOME: home, ACPCTL_CONFIG: join(home, ".config", "acpctl", "config.yaml") };
    secrets.push(api.adminToken);
    for (const file of [kubeFile, multiFile]) {
      for (const match of (await readFile(file, "utf8")).matchAll(/^\s*token: (\S+)$/gm)) secrets.push(match[1]!);
    }
  });
  afterAll(async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    expect(cli.leak(secrets)).toBeUndefined();
    await api.stop();
  });

  it("logs an admin and a developer in from token files", async () => {
    expect((await acpctl(["project", "list"])).code).toBe(4);
    const adminFile = join(api.dir, "admin.token");
    expect((await acpctl(["login", "--server", api.url, "--context", "admin", "--token-file", adminFile])).code).toBe(
      0,
    );
    const devToken = await api.createUser("dev");
    secrets.push(devToken);
    const devFile = join(home, "dev.token");
    await writeFile(devFile, `${devToken}\n`, { mode: 0o600 });
    const login = await acpctl(["login", "--server", api.url, "--context", "dev", "--token-file", devFile]);
    expect(login).toMatchObject({ code: 0, stdout: `Logged in to ${api.url} as dev (context dev).\n` });
    expect((await stat(env.ACPCTL_CONFIG!)).mode & 0o777).toBe(0o600);
  });

  it("uploads one kubeconfig from --secret-file and another from stdin with --kube-context", async () => {
    expect(
      (
        await acpctl([
          "credential",
          "create",
          "--name",
          "kube-file",
          "--provider",
          "kubeconfig",
          "--secret-file",
          kubeFile,
        ])
      ).code,
    ).toBe(0);
    const piped = await acpctl(
      ["credential", "create", "--name", "kube-prod", "--provider", "kubeconfig", "--secret-file", "-"].concat([
        "--kube-context",
        "prod",
        "-o",
        "json",
      ]),
      await readFile(multiFile, "utf8"),
    );
    expect(json(piped)).toMatchObject({ name: "kube-prod", kubeconfig: { contextName: "prod" } });
  });

  it("makes a project, adds the developer as an editor, and binds both credentials", async () => {
    expect((await asAdmin(["project", "create", "payments", "--description", "e2e"])).code).toBe(0);
    const member = await asAdmin(["project", "member", "add", "payments", "dev", "--role", "editor"]);
    expect(member).toMatchObject({ code: 0, stdout: "dev is editor of project payments\n" });
    const members = (await acpctl(["project", "member", "list", "payments"])).stdout;
    expect(members).toMatch(/^dev\s+editor\s+\d+s$/m);
    expect((await acpctl(["bind", "kube-prod", "--project", "payments"])).code).toBe(0);
    expect((await acpctl(["bind", "kube-file", "--project", "payments", "--agent", "ci-fixer"])).code).toBe(0);
  });

  it("starts a session with its runner token in a 0600 file, and shows what it resolved to", async () => {
    runnerTokenFile = join(home, "sessions", "ci", "runner.token");
    const created = await acpctl(
      ["session", "create", "--project", "payments", "--agent", "ci-fixer", "--ttl", "8h"].concat([
        "--token-file",
        runnerTokenFile,
      ]),
    );
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^ses_\w+\n$/);
    sessionId = created.stdout.trim();
    expect((await stat(runnerTokenFile)).mode & 0o777).toBe(0o600);
    secrets.push(await readFile(runnerTokenFile, "utf8"));

    const table = (await acpctl(["session", "get", sessionId])).stdout;
    expect(table).toMatch(new RegExp(`^${sessionId}\\s+prj_\\w+\\s+ci-fixer\\s+running\\s+in [78]h\\s+\\d+s$`, "m"));
    // The agent binding beats the project's: the more specific tier wins.
    expect(table).toMatch(/^kubeconfig\s+kube-file \(cred_\w+\)\s+agent\s+bnd_\w+$/m);
    expect(table).toMatch(/^Left out:\n.*\nkubeconfig\s+cred_\w+\s+project\s+bnd_\w+\s+bnd_\w+\s+\S/m);

    const asJson = json(await acpctl(["session", "get", sessionId, "-o", "json"]));
    expect(asJson).toMatchObject({
      id: sessionId,
      agent: "ci-fixer",
      resolved: [{ credentialName: "kube-file", tier: "BINDING_TIER_AGENT", provider: "PROVIDER_TYPE_KUBECONFIG" }],
      excluded: [{ tier: "BINDING_TIER_PROJECT" }],
    });
    expect(parseYaml((await acpctl(["session", "get", sessionId, "-o", "yaml"])).stdout)).toEqual(asJson);
  });

  it("lets the runner read with the token from the file, ends the session, and the trail shows the read", async () => {
    const token = await readFile(runnerTokenFile, "utf8");
    const sessions = createClient(SessionService, createConnectTransport({ baseUrl: api.url, httpVersion: "1.1" }));
    const read = await sessions.getSessionCredentials({}, bearer(token));
    expect(read.credentials.map((c) => c.name)).toEqual(["kube-file"]);

    expect(await acpctl(["session", "end", sessionId])).toMatchObject({
      code: 0,
      stdout: `ended session ${sessionId}\n`,
    });
    expect(json(await acpctl(["session", "get", sessionId, "-o", "json"]))["state"]).toBe("SESSION_STATE_ENDED");
    await expect(sessions.getSessionCredentials({}, bearer(token))).rejects.toThrow();

    const trail = json(await asAdmin(["audit", "list", "--session", sessionId, "-o", "json"]));
    const events = trail["events"] as { action: string; principalSessionId?: string }[];
    expect(events.map((e) => e.action)).toEqual([
      "AUDIT_ACTION_SESSION_CREATE",
      "AUDIT_ACTION_SECRET_READ",
      "AUDIT_ACTION_SESSION_END",
    ]);
    expect(events[1]!.principalSessionId).toBe(sessionId);
    const table = (await asAdmin(["audit", "list", "--principal", sessionId])).stdout;
    expect(table).toMatch(new RegExp(`^\\S+Z\\s+secret-read\\s+${sessionId}\\s+cred_\\w+\\s+kubeconfig\\s+ok\\s`, "m"));
    expect(
      parseYaml((await asAdmin(["audit", "list", "--session", sessionId, "-o", "yaml"])).stdout) as unknown,
    ).toEqual(trail);
  });

  it("exits 1 on NotFound, 2 on a usage error and 4 with a bad token", async () => {
    const missing = await acpctl(["session", "get", "ses_nosuch"]);
    expect(missing).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/^error: .*ses_nosuch/) });
    expect((await acpctl(["project", "get", "nosuch"])).code).toBe(1);
    const usage = await acpctl(["session", "create", "--agent", "x"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--project/);
    expect((await acpctl(["project", "member", "add", "payments", "dev", "--role", "boss"])).code).toBe(2);
    expect((await acpctl(["audit", "list", "--since", "last tuesday"])).code).toBe(2);
    expect((await acpctl(["project", "delete", "payments"])).code).toBe(2);
    const refused = await acpctl(["session", "list"], "", { ACP_TOKEN: "acp_not_a_real_token" });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/refused the token in ACP_TOKEN/);
    expect((await asAdmin(["project", "delete", "payments", "--yes"])).code).toBe(0);
  });
});
