import { generateKeyPairSync } from "node:crypto";
import { startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "../testing/captured-io.js";
import { corpusFile, loggedIn, parsedJson, privateFile } from "../testing/cli-fixtures.js";

describe("acpctl credential", () => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi();
    env = await loggedIn(api);
  });
  afterAll(async () => api.stop());

  const cli = (argv: string[], options: { input?: string; answers?: string[] } = {}) =>
    runCli(argv, { env, ...options });

  it("creates from a file, lists, gets, prints the secret exactly, and deletes", async () => {
    const tokenFile = await privateFile(api, "gh", "ghp_lifecycle\n");
    const created = await cli([
      "credential",
      "create",
      "--name",
      "life",
      "--provider",
      "github",
      "--secret-file",
      tokenFile,
      "--label",
      "team=ci",
    ]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^created credential life \(cred_\w+\)\n$/);

    const list = await cli(["credential", "list"]);
    expect(list.stdout.split("\n")[0]).toMatch(/^NAME\s+PROVIDER\s+SUMMARY\s+EXPIRES\s+AGE\s+ID$/);
    expect(list.stdout).toMatch(/^life\s+github\s+\d+s\s+cred_\w+$/m);

    const got = parsedJson(await cli(["credential", "get", "life", "-o", "json"]));
    expect(got).toMatchObject({ name: "life", provider: "PROVIDER_TYPE_GITHUB", labels: { team: "ci" } });
    expect(JSON.stringify(got)).not.toContain("ghp_lifecycle");
    // By id as well as by name.
    expect(parsedJson(await cli(["credential", "get", String(got["id"]), "-o", "json"]))).toEqual(got);

    // The server keeps the token without its trailing newline; token prints it and nothing else.
    expect(await cli(["credential", "token", "life"])).toEqual({ code: 0, stdout: "ghp_lifecycle", stderr: "" });

    expect(await cli(["credential", "delete", "life", "--yes"])).toMatchObject({
      code: 0,
      stdout: `deleted credential life (${got["id"]})\n`,
    });
    expect(await cli(["credential", "get", "life"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'error: credential named "life" not found\n',
    });
  });

  it("reads the secret from stdin with --secret-file -, and --token-file is the same flag", async () => {
    expect(
      (
        await cli(["credential", "create", "--name", "piped", "--provider", "gitlab", "--secret-file", "-"], {
          input: "glpat-piped",
        })
      ).code,
    ).toBe(0);
    expect(
      (
        await cli(["credential", "create", "--name", "aliased", "--provider", "gitlab", "--token-file", "-"], {
          input: "glpat-aliased",
        })
      ).code,
    ).toBe(0);
    expect((await cli(["credential", "token", "aliased"])).stdout).toBe("glpat-aliased");
  });

  it("takes --secret only with a warning that names the leak, never the value", async () => {
    const result = await cli([
      "credential",
      "create",
      "--name",
      "argv",
      "--provider",
      "github",
      "--secret",
      "ghp_on_argv",
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: --secret puts the secret in the process list and your shell history/);
    expect(result.stderr).not.toContain("ghp_on_argv");
  });

  it("asks for the secret without echo on a terminal, and refuses to guess off one", async () => {
    const asked = await runCli(["credential", "create", "--name", "typed", "--provider", "github"], {
      env,
      answers: ["ghp_typed"],
    });
    expect(asked.code).toBe(0);
    expect((await cli(["credential", "token", "typed"])).stdout).toBe("ghp_typed");
    const offTty = await cli(["credential", "create", "--name", "untyped", "--provider", "github"]);
    expect(offTty.code).toBe(2);
    expect(offTty.stderr).toMatch(/error: no secret given; use --secret-file PATH/);
    expect(offTty.stderr).toMatch(/usage: acpctl credential create/);
  });

  it("prints one line per field the server refused", async () => {
    const result = await cli(["credential", "create", "--name", "j", "--provider", "jira", "--secret-file", "-"], {
      input: "tok",
    });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: url: url is required for Jira credentials\nerror: email: email is required for Jira credentials\n",
    });
  });

  it("refuses a bad kubeconfig locally, with the validator's paths, before any call", async () => {
    const noCalls = () => {
      throw new Error("no call may be made");
    };
    const result = await runCli(
      [
        "credential",
        "create",
        "--name",
        "kx",
        "--provider",
        "kubeconfig",
        "--secret-file",
        corpusFile("bad", "exec-plugin.yaml"),
      ],
      { env, clients: noCalls },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: users\[0\]\.user\.exec: exec credential plugins run arbitrary commands/);
  });

  it("uploads a kubeconfig's chosen context with --kube-context, minified, and summarizes it", async () => {
    const file = corpusFile("good", "multi-cluster-second-current.yaml");
    const created = await cli([
      "credential",
      "create",
      "--name",
      "prod",
      "--provider",
      "kubeconfig",
      "--secret-file",
      file,
      "--kube-context",
      "prod",
      "-o",
      "yaml",
    ]);
    const credential = parseYaml(created.stdout) as { kubeconfig: Record<string, unknown> };
    expect(credential.kubeconfig).toMatchObject({
      contextName: "prod",
      server: "https://api.prod.example.com:6443",
      namespace: "web",
    });
    const stored = (await cli(["credential", "token", "prod"])).stdout;
    expect(stored).toMatch(/^current-context: prod$/m);
    // Only the chosen context's user went up, not the file's other secrets.
    expect(stored).not.toContain("kT7pQ2wX9vL4mN8cR3sY6bF1hJ5dG0aE");
    const table = (await cli(["credential", "list", "--provider", "kubeconfig"])).stdout;
    expect(table).toMatch(
      /^prod\s+kubeconfig\s+https:\/\/api\.prod\.example\.com:6443 namespace=web\s+\d+s\s+cred_\w+$/m,
    );

    const missing = await cli([
      "credential",
      "create",
      "--name",
      "nope",
      "--provider",
      "kubeconfig",
      "--secret-file",
      file,
      "--kube-context",
      "nope",
    ]);
    expect(missing).toMatchObject({ code: 1, stderr: 'error: contexts: has no context named "nope"\n' });
    const notKube = await cli([
      "credential",
      "create",
      "--name",
      "nope",
      "--provider",
      "github",
      "--secret-file",
      file,
      "--kube-context",
      "prod",
    ]);
    expect(notKube.code).toBe(2);
  });

  it("shows a kubeconfig token's expiry", async () => {
    const file = corpusFile("good", "service-account-jwt.yaml");
    expect(
      (await cli(["credential", "create", "--name", "sa", "--provider", "kubeconfig", "--secret-file", file])).code,
    ).toBe(0);
    expect((await cli(["credential", "get", "sa"])).stdout).toMatch(
      /^sa\s+kubeconfig\s+\S+ namespace=\S+\s+(in \d+[smhdy]|expired \d+[smhdy] ago)\s+\d+s\s+cred_\w+$/m,
    );
  });

  it("updates only the fields given, building the mask from the flags", async () => {
    await cli(
      [
        "credential",
        "create",
        "--name",
        "upd",
        "--provider",
        "gitlab",
        "--secret-file",
        "-",
        "--description",
        "old",
        "--label",
        "a=1",
      ],
      { input: "glpat-old" },
    );
    const updated = parsedJson(
      await cli(["credential", "update", "upd", "--url", "https://gitlab.example.com", "-o", "json"]),
    );
    expect(updated).toMatchObject({ url: "https://gitlab.example.com", description: "old", labels: { a: "1" } });
    expect((await cli(["credential", "token", "upd"])).stdout).toBe("glpat-old");

    const newSecret = await privateFile(api, "new", "glpat-new");
    await cli(["credential", "update", "upd", "--secret-file", newSecret, "--label", "b=2", "--name", "upd2"]);
    const renamed = parsedJson(await cli(["credential", "get", "upd2", "-o", "json"]));
    expect(renamed).toMatchObject({ labels: { b: "2" }, description: "old" });
    expect((await cli(["credential", "token", "upd2"])).stdout).toBe("glpat-new");

    const nothing = await cli(["credential", "update", "upd2"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to update/);
  });

  it("turns allow-insecure on and off with --allow-insecure=true|false", async () => {
    await cli(["credential", "create", "--name", "ins", "--provider", "github", "--secret-file", "-"], {
      input: "ghp_x",
    });
    expect(parsedJson(await cli(["credential", "update", "ins", "--allow-insecure", "-o", "json"]))).toMatchObject({
      allowInsecure: true,
    });
    expect(
      parsedJson(await cli(["credential", "update", "ins", "--allow-insecure=false", "-o", "json"]))["allowInsecure"],
    ).toBeUndefined();
    expect((await cli(["credential", "update", "ins", "--allow-insecure=maybe"])).code).toBe(2);
  });

  it("asks before deleting on a terminal, and refuses without --yes off one", async () => {
    await cli(["credential", "create", "--name", "del", "--provider", "github", "--secret-file", "-"], {
      input: "ghp_x",
    });
    const refused = await cli(["credential", "delete", "del"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to delete without --yes/);
    const declined = await runCli(["credential", "delete", "del"], { env, answers: ["n"] });
    expect(declined).toMatchObject({ code: 1, stdout: "" });
    const confirmed = await runCli(["credential", "delete", "del"], { env, answers: ["yes"] });
    expect(confirmed.code).toBe(0);
  });

  it("lists with --limit and --provider, in json and yaml as ListCredentialsResponse", async () => {
    for (const name of ["lim-a", "lim-b", "lim-c"]) {
      const input = serviceAccount();
      expect(
        (await cli(["credential", "create", "--name", name, "--provider", "vertex", "--secret-file", "-"], { input }))
          .code,
      ).toBe(0);
    }
    const limited = parsedJson(await cli(["credential", "list", "--provider", "vertex", "--limit", "2", "-o", "json"]));
    expect((limited["credentials"] as { name: string }[]).map((c) => c.name)).toEqual(["lim-a", "lim-b"]);
    const yaml = parseYaml((await cli(["credential", "list", "--provider", "vertex", "-o", "yaml"])).stdout) as {
      credentials: unknown[];
    };
    expect(yaml.credentials).toHaveLength(3);
    expect((await cli(["credential", "list", "--limit", "0"])).code).toBe(2);
    expect((await cli(["credential", "list", "--provider", "nosuch"])).code).toBe(2);
  });

  it("lists every owner's credentials only for admins", async () => {
    const userEnv = await loggedIn(api, await api.createUser("plain"));
    const result = await runCli(["credential", "list", "--all-owners"], { env: userEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*admin/);
    expect((await runCli(["credential", "list"], { env: userEnv })).stderr).toBe("No credentials found.\n");
  });
});

function serviceAccount(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return JSON.stringify({
    type: "service_account",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }),
    client_email: "sa@example.iam.gserviceaccount.com",
  });
}
