import { lstat, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentRunner } from "./agent-runner.js";
import { askOk, expectMcpLists, fromKubectl, fromMcpServer, usesToken } from "./agent-session.js";
import { type FlagshipWorld, openshiftToken, startFlagshipWorld, walkthroughNames } from "./flagship-world.js";
import { processesWithArg, registryMcpArgs, registryMcpServer, repoRoot, waitFor } from "./index.js";
import { fencedBlocks, readmeSection, shellCommands, unexercisedCommands } from "./readme-walkthrough.js";
import { liveArgvs, secretLeaks } from "./secret-leaks.js";

// The flagship of issue 10, with nothing faked but the cluster: the acpctl
// and acp-runner bins, a real acp-api, kubectl 1.32 and the pinned
// kubernetes-mcp-server started from the .mcp.json the runner wrote, by an
// agent (flagship-agent.ts) that holds its MCP session open across a rotation.

const t1 = openshiftToken();
const t2 = openshiftToken();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { credential, project } = walkthroughNames;

let world: FlagshipWorld;
beforeAll(async () => {
  world = await startFlagshipWorld(t1);
  world.secrets.push(t2);
});
afterAll(async () => {
  await world?.stop();
});

const gone = (path: string) =>
  lstat(path).then(
    () => false,
    () => true,
  );

async function ok(result: Promise<{ code: number | null; stdout: string; stderr: string }>) {
  const done = await result;
  expect(done.code, done.stderr).toBe(0);
  return done;
}

/** kubectl inside CMD, KUBECONFIG alone; every namespace listed, every request with `label`. */
async function expectKubectlLists(runner: AgentRunner, label: string): Promise<readonly string[]> {
  const since = world.cluster.cursor();
  const answer = await askOk(runner, { op: "kubectl", args: ["get", "namespaces"] });
  expect(answer.code, String(answer.stderr)).toBe(0);
  for (const name of world.cluster.namespaces) expect(answer.stdout).toMatch(new RegExp(`^${name}\\s+Active`, "m"));
  const seen = world.cluster.requests(since).filter(fromKubectl);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every(usesToken(label)), world.cluster.formatLog(since)).toBe(true);
  return answer.argv as string[];
}

describe("kubeconfig end to end: acpctl → acp-api → acp-runner → kubectl and kubernetes-mcp-server", () => {
  it("reaches the cluster with T1, follows a rotation to T2 in the same MCP server, and ends leaving nothing", async () => {
    const { cluster } = world;
    const argvSeen: (readonly string[])[] = [];

    // 1-2. The user's kubeconfig as `oc login` leaves it (several contexts, the
    // current one for the fake cluster, which expects T1); create, bind, session.
    const userKubeconfig = join(world.home, ".kube", "config");
    await writeFile(userKubeconfig, world.kubeconfigFor(t1), { mode: 0o600 });
    await ok(
      world.acpctl([
        "credential",
        "create",
        "--name",
        credential,
        "--provider",
        "kubeconfig",
        "--secret-file",
        userKubeconfig,
      ]),
    );
    const listed = await ok(world.acpctl(["credential", "list"]));
    expect(listed.stdout).toMatch(/SUMMARY/);
    expect(listed.stdout).toMatch(/EXPIRES/);
    expect(listed.stdout).toContain(`${cluster.url} namespace=team-a`);
    await ok(world.acpctl(["bind", credential, "--project", project]));
    const sessionTokenFile = join(world.home, ".acp", "session.token");
    const sessionId = (
      await ok(world.acpctl(["session", "create", "--project", project, "--token-file", sessionTokenFile]))
    ).stdout.trim();
    expect(sessionId).toMatch(/^ses_\w+$/);
    world.secrets.push((await readFile(sessionTokenFile, "utf8")).trim());

    // 3. The runner, and CMD: what it was given, kubectl, then the MCP server as .mcp.json says.
    const runner = world.startRunner(sessionTokenFile);
    const env = await askOk(runner, { op: "env" });
    const kubeconfig = String(env.KUBECONFIG);
    const secretsDir = join(world.runtimeDir, "acp", sessionId);
    expect(env).toMatchObject({ cwd: world.workdir, KUBECONFIG: join(secretsDir, "kubeconfig") });
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
    expect((await stat(secretsDir)).mode & 0o777).toBe(0o700);
    const written = await readFile(kubeconfig, "utf8");
    // Minified to the current context: the staging cluster's user did not travel.
    expect(written.includes(t1)).toBe(true);
    expect(written).not.toContain("staging");
    argvSeen.push(await expectKubectlLists(runner, "T1"));

    const mcp = await askOk(runner, { op: "mcp-start", server: "openshift" });
    const pinned = registryMcpServer();
    expect(mcp.argv).toEqual(["npx", "-y", `${pinned.npmPackage}@${pinned.version}`, ...registryMcpArgs(kubeconfig)]);
    expect(mcp.env).toEqual({ KUBECONFIG: kubeconfig });
    expect(mcp.tools).toEqual(expect.arrayContaining(["namespaces_list", "pods_list"]));
    expect(mcp.tools).not.toContain("configuration_view");
    argvSeen.push(mcp.argv as string[]);
    await expectMcpLists(world, runner, "T1", mcp.pid);
    const pods = await askOk(runner, { op: "call", tool: "pods_list" });
    expect(pods.isError, String(pods.text)).toBe(false);
    for (const pod of cluster.pods) {
      // The context's namespace (team-a) only.
      if (pod.namespace === "team-a") expect(pods.text).toContain(`name: ${pod.name}\n`);
      else expect(pods.text).not.toContain(pod.name);
    }
    const serverProcesses = (await processesWithArg(kubeconfig)).map((p) => p.pid).sort();
    expect(serverProcesses.length).toBeGreaterThan(0);
    argvSeen.push(...(await liveArgvs()));
    const mcpJson = await readFile(join(world.workdir, ".mcp.json"), "utf8");

    // 4. Rotation: the cluster now wants T2; the user exports the new login and uploads it.
    const t2Label = cluster.setToken(t2);
    await writeFile(userKubeconfig, world.kubeconfigFor(t2), { mode: 0o600 });
    const exported = await world.kubectl(["config", "view", "--minify", "--raw"], userKubeconfig);
    const upload = join(world.home, `${credential}.yaml`);
    await writeFile(upload, exported.stdout, { mode: 0o600 });
    const inodeBefore = (await stat(kubeconfig)).ino;
    const rotated = cluster.cursor();
    const updateStarted = Date.now();
    await ok(world.acpctl(["credential", "update", credential, "--secret-file", upload]));
    const updated = Date.now();
    // The reload itself runs discovery with the new token, unprompted.
    const firstT2 = await waitFor(
      "a request with T2 from the running MCP server",
      () => cluster.requests(rotated).find((r) => fromMcpServer(r) && usesToken(t2Label)(r)),
      { timeoutMs: 10_000 },
    );
    console.log(
      `rotation: acpctl credential update took ${updated - updateStarted} ms; the MCP server's first T2 request came ` +
        `${firstT2.at - updated} ms after it returned (${firstT2.at - updateStarted} ms after it started)`,
    );
    const afterRotation = await readFile(kubeconfig, "utf8");
    expect(afterRotation.includes(t2) && !afterRotation.includes(t1)).toBe(true);
    expect((await stat(kubeconfig)).ino).not.toBe(inodeBefore);
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
    await expectMcpLists(world, runner, t2Label, mcp.pid);
    expect((await processesWithArg(kubeconfig)).map((p) => p.pid).sort()).toEqual(serverProcesses);
    argvSeen.push(await expectKubectlLists(runner, t2Label));
    argvSeen.push(...(await liveArgvs()));
    // The .mcp.json did not change: the file it names did.
    expect(await readFile(join(world.workdir, ".mcp.json"), "utf8")).toBe(mcpJson);

    // 5. The end: files first, then CMD; the runner exits 3.
    await ok(world.acpctl(["session", "end", sessionId]));
    const exit = await runner.exited;
    expect(exit.code, runner.stderr()).toBe(3);
    const ended = cluster.cursor();
    expect(await gone(kubeconfig)).toBe(true);
    expect(await gone(secretsDir)).toBe(true);
    expect(await gone(join(world.workdir, ".mcp.json"))).toBe(true);
    expect(runner.events()).toContain(JSON.stringify({ event: "SIGTERM" }));
    expect(runner.stderr()).toMatch(/"msg":"session over; files removed, stopping CMD"/);
    // The MCP server had no reason to call the cluster after the end but its
    // discovery poll, every 30 s while idle: waiting that long would prove
    // little more. What proves it never will: no process is left holding the
    // session's kubeconfig path, and none called with T2 in the seconds after.
    await waitFor("no MCP server process left", async () =>
      (await processesWithArg(kubeconfig)).length === 0 ? true : undefined,
    );
    await sleep(3_000);
    expect(cluster.requests(ended).filter((r) => fromMcpServer(r) || usesToken(t2Label)(r))).toEqual([]);

    // 6. No secret in any log, output or argv.
    const leaks = secretLeaks(world.secrets, {
      texts: world.secretTexts(),
      argvs: [...world.ran, ...argvSeen, ...(await liveArgvs())],
    });
    expect(leaks).toEqual([]);

    // The README's walkthrough: every command in it is one this test ran, and
    // its .mcp.json is the one the runner wrote, secrets directory aside.
    const section = readmeSection(await readFile(join(repoRoot(), "README.md"), "utf8"), "Agents on OpenShift");
    const commands = fencedBlocks(section, "sh").flatMap(shellCommands);
    expect(commands.length).toBeGreaterThan(5);
    expect(unexercisedCommands(commands, world.ran)).toEqual([]);
    const [readmeMcpJson] = fencedBlocks(section, "json");
    expect(JSON.parse(mcpJson.replaceAll(dirname(kubeconfig), "<secrets-dir>"))).toEqual(JSON.parse(readmeMcpJson!));
  });

  it("refuses a kubeconfig with an exec user before any request: exit 1, the validator's path, nothing at the API", async () => {
    const file = join(world.home, "exec-user.yaml");
    const exec = [
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1",
      "      command: oc",
      '      args: ["whoami", "-t"]',
      "      interactiveMode: Never",
    ].join("\n");
    await writeFile(file, world.kubeconfigFor(t1).replace(`    token: ${JSON.stringify(t1)}`, exec), { mode: 0o600 });
    const logBefore = world.api.log().length;
    const refused = await world.acpctl([
      "credential",
      "create",
      "--name",
      "exec-user",
      "--provider",
      "kubeconfig",
      "--secret-file",
      file,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: users\[0\]\.user\.exec: \S/);
    // The API logs one "rpc" line per call; acpctl made none.
    await sleep(200);
    expect(world.api.log().slice(logBefore)).not.toMatch(/CreateCredential/);
    expect(world.api.log()).toMatch(/CreateCredential/);
  });
});
