import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "../testing/captured-io.js";
import { loggedIn, parsedJson, privateFile } from "../testing/cli-fixtures.js";

describe("acpctl login, logout, whoami and config", () => {
  let api: TestApi;
  let home = 0;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.stop());

  /** A fresh config location inside a private directory that does not exist yet. */
  const freshEnv = () => {
    const dir = join(api.dir, `login-${++home}`);
    return { dir, env: { ACPCTL_CONFIG: join(dir, "acpctl", "config.yaml") } };
  };

  it("checks the token, then saves it in a 0600 file in a 0700 directory as the current context", async () => {
    const { dir, env } = freshEnv();
    await mkdir(dir, { mode: 0o700 });
    const tokenFile = await privateFile(api, "token", `${api.adminToken}\n`);
    const result = await runCli(["login", "--server", api.url, "--token-file", tokenFile], { env });
    const context = new URL(api.url).host;
    expect(result).toEqual({ code: 0, stdout: `Logged in to ${api.url} as admin (context ${context}).\n`, stderr: "" });
    expect((await stat(join(dir, "acpctl"))).mode & 0o777).toBe(0o700);
    expect((await stat(env.ACPCTL_CONFIG)).mode & 0o777).toBe(0o600);
    expect(parseYaml(await readFile(env.ACPCTL_CONFIG, "utf8"))).toEqual({
      "current-context": context,
      contexts: [{ name: context, server: api.url, token: api.adminToken }],
    });
    const whoami = await runCli(["whoami", "-o", "json"], { env });
    expect(parsedJson(whoami)).toMatchObject({ name: "admin", admin: true });
  });

  it("reads the token from stdin off a terminal, and asks without echo on one", async () => {
    const piped = freshEnv();
    await mkdir(piped.dir, { mode: 0o700 });
    const fromStdin = await runCli(["login", "--server", api.url, "--context", "piped"], {
      env: piped.env,
      input: api.adminToken,
    });
    expect(fromStdin.code).toBe(0);
    const asked = freshEnv();
    await mkdir(asked.dir, { mode: 0o700 });
    const io = { env: asked.env, answers: [api.adminToken] };
    const typed = await runCli(["login", "--server", api.url, "--context", "typed"], io);
    expect(typed).toMatchObject({ code: 0, stdout: `Logged in to ${api.url} as admin (context typed).\n` });
    expect(typed.stderr).not.toContain(api.adminToken);
  });

  it("saves nothing when the server refuses the token, and exits 4", async () => {
    const { dir, env } = freshEnv();
    await mkdir(dir, { mode: 0o700 });
    const result = await runCli(["login", "--server", api.url], { env, input: "acp_not_a_real_token" });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: .* refused the token given to login: /);
    expect(result.stderr).toMatch(/nothing was saved/);
    expect(result.stderr).not.toContain("acp_not_a_real_token");
    await expect(stat(env.ACPCTL_CONFIG)).rejects.toThrow(/ENOENT/);
  });

  it("names the unreachable server and suggests login, exit 1", async () => {
    const { dir, env } = freshEnv();
    await mkdir(dir, { mode: 0o700 });
    const result = await runCli(["login", "--server", "http://127.0.0.1:1"], { env, input: "tok" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: cannot reach http://127.0.0.1:1: connection refused\n" +
        "check that the server runs there, or log in to another with `acpctl login --server URL`\n",
    );
  });

  it("exits 4 without a login, and when the saved token is refused, naming its context", async () => {
    const { env } = freshEnv();
    const none = await runCli(["credential", "list"], { env });
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/^error: not logged in/);
    expect(none.stderr).toMatch(/acpctl login --server URL/);

    const userToken = await api.createUser("leaver");
    const saved = await loggedIn(api, userToken);
    const tokens = await api.users.listApiTokens({}, { headers: { Authorization: `Bearer ${userToken}` } });
    await api.users.revokeApiToken(
      { id: tokens.apiTokens[0]!.id },
      { headers: { Authorization: `Bearer ${userToken}` } },
    );
    const refused = await runCli(["credential", "list"], { env: saved });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/refused the token of context "[^"]+"/);
    expect(refused.stderr).toMatch(/acpctl login --server .* --context /);
    expect(refused.stderr).not.toContain(userToken);
  });

  it("takes --server/--context over ACP_SERVER/ACP_TOKEN over the config, and sends a saved token only to its server", async () => {
    const env = await loggedIn(api);
    const other = await api.createUser("other");
    // ACP_TOKEN beats the config's token.
    const asOther = await runCli(["whoami", "-o", "json"], { env: { ...env, ACP_TOKEN: other } });
    expect(parsedJson(asOther)["name"]).toBe("other");
    // --context beats ACP_TOKEN.
    const context = new URL(api.url).host;
    const flagged = await runCli(["whoami", "-o", "json", "--context", context], { env: { ...env, ACP_TOKEN: other } });
    expect(parsedJson(flagged)["name"]).toBe("admin");
    // The saved token never goes to another server.
    const elsewhere = await runCli(["whoami", "--server", "http://127.0.0.1:1"], { env });
    expect(elsewhere.code).toBe(4);
    expect(elsewhere.stderr).toMatch(/holds a token for .*, not for http:\/\/127\.0\.0\.1:1/);
    // ACP_SERVER with ACP_TOKEN needs no config at all; h2c:// speaks HTTP/2 to the same port.
    const bare = { ACPCTL_CONFIG: join(api.dir, "no-such", "config.yaml"), ACP_TOKEN: other };
    const h2c = api.url.replace(/^http:/, "h2c:");
    expect(parsedJson(await runCli(["whoami", "-o", "json"], { env: { ...bare, ACP_SERVER: h2c } }))["name"]).toBe(
      "other",
    );
    expect(
      parsedJson(await runCli(["whoami", "-o", "json", "--http2", "--server", api.url], { env: bare }))["name"],
    ).toBe("other");
  });

  it("logs out, keeping the context without its token", async () => {
    const env = await loggedIn(api);
    const context = new URL(api.url).host;
    expect((await runCli(["logout"], { env })).code).toBe(0);
    expect(await readFile(env.ACPCTL_CONFIG, "utf8")).not.toContain(api.adminToken);
    const after = await runCli(["whoami"], { env });
    expect(after.code).toBe(4);
    expect(after.stderr).toMatch(`context "${context}" is logged out`);
    const contexts = await runCli(["config", "get-contexts"], { env });
    expect(contexts.stdout).toMatch(new RegExp(`^\\*\\s+${context.replace(/\./g, "\\.")}\\s+\\S+\\s+no$`, "m"));
  });

  it("lists, switches, shows and deletes contexts", async () => {
    const { dir, env } = freshEnv();
    await mkdir(dir, { mode: 0o700 });
    for (const name of ["one", "two"]) {
      expect(
        (await runCli(["login", "--server", api.url, "--context", name], { env, input: api.adminToken })).code,
      ).toBe(0);
    }
    expect(await runCli(["config", "current-context"], { env })).toMatchObject({ code: 0, stdout: "two\n" });
    expect((await runCli(["config", "use-context", "one"], { env })).code).toBe(0);
    const listed = parsedJson(await runCli(["config", "get-contexts", "-o", "json"], { env }));
    expect(listed).toEqual({
      currentContext: "one",
      contexts: [
        { name: "one", server: api.url, loggedIn: true },
        { name: "two", server: api.url, loggedIn: true },
      ],
    });
    expect(JSON.stringify(listed)).not.toContain(api.adminToken);
    expect((await runCli(["config", "use-context", "three"], { env })).stderr).toMatch(/no context named "three"/);
    expect((await runCli(["config", "delete-context", "one"], { env })).code).toBe(0);
    expect(await runCli(["config", "current-context"], { env })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/current-context is not set/),
    });
    expect((await runCli(["whoami", "--context", "two"], { env })).code).toBe(0);
  });

  it("warns when the config is readable by others, and names bad YAML without quoting it", async () => {
    const env = await loggedIn(api);
    await chmod(env.ACPCTL_CONFIG, 0o644);
    const loose = await runCli(["whoami"], { env });
    expect(loose.code).toBe(0);
    expect(loose.stderr).toMatch(/^warning: .*config\.yaml is readable by other users \(mode 0644\).*chmod 600/);
    await writeFile(env.ACPCTL_CONFIG, "contexts: [ {name: x, token: secret-value", { mode: 0o600 });
    const broken = await runCli(["whoami"], { env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/config\.yaml: not valid YAML/);
    expect(broken.stderr).not.toContain("secret-value");
  });
});
