import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestApi, type TestApi } from "@acp/api-harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "./testing/captured-io.js";
import { corpusFile } from "./testing/cli-fixtures.js";
import { recordedCli } from "./testing/spawn-cli.js";

describe("main, in-process", () => {
  it("exits 0 for help and --version, 2 for no command or a wrong one, with the usage line", async () => {
    expect((await runCli(["--help"])).code).toBe(0);
    expect(await runCli(["--version"])).toMatchObject({ code: 0, stdout: "0.0.0\n" });
    expect((await runCli(["version"])).stdout).toMatch(/^acpctl 0\.0\.0 \(node v\d+/);
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: acpctl /);
    const typo = await runCli(["credentail"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(
      /error: unknown command 'credentail'\n\(Did you mean credential\?\)\nusage: acpctl \[options\] \[command\]\n/,
    );
    const flag = await runCli(["credential", "list", "--nope"]);
    expect(flag).toMatchObject({
      code: 2,
      stderr: "error: unknown option '--nope'\nusage: acpctl credential list [options]\n",
    });
    expect((await runCli(["credential", "get"])).code).toBe(2);
    expect((await runCli(["credential", "list", "--request-timeout", "soon"])).stderr).toMatch(
      /--request-timeout: expected a duration/,
    );
  });
});

// The bin as people run it (the shell launcher onto the snapshot), secrets
// only in files and on stdin. Every argv it was given and everything it wrote to stderr is
// checked for every secret at the end.
describe("the built acpctl", () => {
  let api: TestApi;
  let env: Record<string, string>;
  const secrets: string[] = [];
  const cli = recordedCli(() => env);
  const acpctl = cli.run;

  beforeAll(async () => {
    api = await startTestApi();
    const home = join(api.dir, "home");
    await mkdir(home, { mode: 0o700 });
    env = { HOME: home, ACPCTL_CONFIG: join(home, ".config", "acpctl", "config.yaml") };
    secrets.push(api.adminToken, "ghp_spawned_lifecycle");
    // The tokens inside the kubeconfigs the tests upload.
    for (const name of ["service-account-jwt.yaml", "multi-cluster-second-current.yaml"]) {
      const text = await readFile(corpusFile("good", name), "utf8");
      for (const match of text.matchAll(/^\s*token: (\S+)$/gm)) secrets.push(match[1]!);
    }
  });
  afterAll(async () => {
    expect(cli.leak(secrets)).toBeUndefined();
    await api.stop();
  });

  it("exits 4 before login, 0 after it, 4 for a refused token and 1 for an unreachable server", async () => {
    const before = await acpctl(["credential", "list"]);
    expect(before.code).toBe(4);
    expect(before.stderr).toMatch(/acpctl login/);
    const tokenFile = join(api.dir, "admin.token");
    const login = await acpctl(["login", "--server", api.url, "--context", "local", "--token-file", tokenFile]);
    expect(login).toMatchObject({ code: 0, stdout: `Logged in to ${api.url} as admin (context local).\n` });
    const refused = await acpctl(["whoami"], "", { ACP_TOKEN: "acp_refused_token" });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/refused the token in ACP_TOKEN/);
    const unreachable = await acpctl(["whoami"], "", { ACP_SERVER: "http://127.0.0.1:1", ACP_TOKEN: "x" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^error: cannot reach http:\/\/127\.0\.0\.1:1: connection refused\n.*acpctl login/,
    );
    expect((await acpctl(["credential", "create", "--provider", "github"])).code).toBe(2);
  });

  it("runs a credential's whole lifecycle", async () => {
    const secretFile = join(api.dir, "gh.token");
    await writeFile(secretFile, "ghp_spawned_lifecycle\n", { mode: 0o600 });
    const created = await acpctl([
      "credential",
      "create",
      "--name",
      "spawned",
      "--provider",
      "github",
      "--secret-file",
      secretFile,
      "-o",
      "json",
    ]);
    expect(created.code).toBe(0);
    const credential = JSON.parse(created.stdout) as { id: string; name: string };
    expect(credential.name).toBe("spawned");

    const listed = JSON.parse((await acpctl(["credential", "list", "-o", "json"])).stdout) as {
      credentials: { id: string }[];
    };
    expect(listed.credentials.map((c) => c.id)).toContain(credential.id);
    const got = parseYaml((await acpctl(["credential", "get", credential.id, "-o", "yaml"])).stdout) as Record<
      string,
      unknown
    >;
    expect(got).toMatchObject({ id: credential.id, provider: "PROVIDER_TYPE_GITHUB" });

    expect((await acpctl(["credential", "update", "spawned", "--description", "from the bin"])).code).toBe(0);
    expect(await acpctl(["credential", "token", "spawned"])).toEqual({
      code: 0,
      stdout: "ghp_spawned_lifecycle",
      stderr: "",
    });

    const bound = JSON.parse((await acpctl(["bind", "spawned", "--global", "-o", "json"])).stdout) as { id: string };
    const bindings = JSON.parse((await acpctl(["bindings", "spawned", "-o", "json"])).stdout) as {
      bindings: { id: string }[];
    };
    expect(bindings.bindings.map((b) => b.id)).toEqual([bound.id]);
    expect((await acpctl(["unbind", bound.id])).code).toBe(0);

    expect((await acpctl(["credential", "delete", "spawned"])).code).toBe(2);
    expect((await acpctl(["credential", "delete", "spawned", "--yes"])).code).toBe(0);
    expect((await acpctl(["credential", "get", "spawned"])).code).toBe(1);
  });

  it("uploads a kubeconfig from --secret-file and from stdin, and a chosen context", async () => {
    const file = corpusFile("good", "service-account-jwt.yaml");
    expect(
      (await acpctl(["credential", "create", "--name", "kube-file", "--provider", "kubeconfig", "--secret-file", file]))
        .code,
    ).toBe(0);
    const piped = await acpctl(
      ["credential", "create", "--name", "kube-stdin", "--provider", "kubeconfig", "--secret-file", "-"],
      await readFile(file, "utf8"),
    );
    expect(piped.code).toBe(0);
    const multi = corpusFile("good", "multi-cluster-second-current.yaml");
    const chosen = await acpctl([
      "credential",
      "create",
      "--name",
      "kube-prod",
      "--provider",
      "kubeconfig",
      "--secret-file",
      multi,
      "--kube-context",
      "prod",
      "-o",
      "yaml",
    ]);
    expect((parseYaml(chosen.stdout) as { kubeconfig: { contextName: string } }).kubeconfig.contextName).toBe("prod");
    const table = (await acpctl(["credential", "list", "--provider", "kubeconfig"])).stdout;
    expect(table).toMatch(/^kube-file\s+kubeconfig\s+\S+/m);
    expect(table).toMatch(/^kube-stdin\s+kubeconfig\s+\S+/m);

    const bad = await acpctl([
      "credential",
      "create",
      "--name",
      "kube-bad",
      "--provider",
      "kubeconfig",
      "--secret-file",
      corpusFile("bad", "exec-plugin.yaml"),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: users\[0\]\.user\.exec: /);
  });

  it("is what `npx acpctl` runs from the repository root", () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const out = execFileSync("npx", ["--no-install", "acpctl", "version"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(out).toMatch(/^acpctl 0\.0\.0/);
  });
});
