import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import {
  eventually,
  gone,
  type RunnerSession,
  readReport,
  sessionCmdArgs,
  spawnRunner,
  useRunnerWorld,
} from "../testing/index.js";

const suite = useRunnerWorld();
const world = () => suite.world();
const place = () => suite.place();

function run(
  session: Pick<RunnerSession, "tokenFile">,
  env: NodeJS.ProcessEnv,
  tail: string[],
  server = world().api.url,
  extra: string[] = [],
) {
  return spawnRunner(
    ["run", "--server", server, "--session-token-file", session.tokenFile, "--no-workdir-mcp", ...extra, ...tail],
    env,
  );
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("acp-runner run at start", () => {
  it("exits 4 with a clear error once the start deadline passes without the server", async () => {
    const session = await world().session([ProviderType.GITHUB]);
    const where = await place();
    const started = Date.now();
    const runner = run(
      session,
      where.env,
      sessionCmdArgs("observe", where.report, "0"),
      `http://127.0.0.1:${await closedPort()}`,
      ["--start-timeout", "2s"],
    );
    const { code, stderr } = await runner.done;
    expect(code, stderr).toBe(4);
    // It retried until the deadline rather than giving up at the first refusal.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(stderr).toMatch(/"level":"error".*cannot reach http:\/\/127\.0\.0\.1:\d+ within the start timeout of 2s/);
    expect(readReport(where.report)).toBeUndefined();
  });

  it("exits 3 before CMD runs when the token is refused or the session has ended", async () => {
    const ended = await world().session([ProviderType.GITHUB]);
    await ended.end();
    const bogus = { tokenFile: join(world().dir, "bogus.token") };
    await writeFile(bogus.tokenFile, "acpr_0000000000000000000000000000000000000000\n", { mode: 0o600 });
    for (const session of [ended, bogus]) {
      const where = await place();
      const { code, stderr } = await run(session, where.env, sessionCmdArgs("observe", where.report, "0")).done;
      expect(code, stderr).toBe(3);
      expect(stderr).toMatch(/"level":"error".*(refused the session token|has ended)/);
      expect(readReport(where.report)).toBeUndefined();
      expect(existsSync(join(where.runtime, "acp"))).toBe(false);
    }
  });
});

describe("acp-runner run while CMD runs", () => {
  it("wipes the files within a second of the session ending, then stops CMD and exits 3", async () => {
    const session = await world().session([ProviderType.GITHUB, ProviderType.KUBECONFIG]);
    const where = await place();
    const runner = run(session, where.env, sessionCmdArgs("wait", where.report));
    await eventually(() => existsSync(where.report), 15_000, "CMD started");
    const dir = readReport(where.report)!.dir!;
    await session.end();
    await eventually(() => gone(dir), 1000, "the secrets directory removed");
    const { code, stderr } = await runner.done;
    expect(code, stderr).toBe(3);
    expect(await readFile(`${where.report}.signal`, "utf8")).toBe("SIGTERM");
    expect(stderr).toMatch(/"msg":"session over; files removed, stopping CMD"/);
  });

  it("follows the stream across an API restart: a later rotation still arrives", async () => {
    const session = await world().session([ProviderType.GITHUB]);
    const where = await place();
    const runner = run(session, where.env, sessionCmdArgs("wait", where.report));
    await eventually(() => existsSync(where.report), 15_000, "CMD started");
    const gitFile = join(readReport(where.report)!.dir!, "git-credentials.json");
    await world().api.restart();
    const rotated = await session.rotate(ProviderType.GITHUB);
    await eventually(
      async () => (await readFile(gitFile, "utf8")).includes(rotated),
      20_000,
      "the rotated token on disk",
    );
    runner.child.kill("SIGTERM");
    const { code, stderr } = await runner.done;
    expect(code, stderr).toBe(143);
    expect(stderr).toMatch(/"msg":"credential stream broken; reconnecting, files keep their last content"/);
    expect(stderr).toMatch(/"msg":"credentials updated".*"changed":\["[^"]+"\]/);
  });

  it("rewrites a rotated file atomically: a reader in a tight loop sees only whole old or new content", async () => {
    const session = await world().session([ProviderType.KUBECONFIG]);
    const where = await place();
    const runner = run(session, where.env, sessionCmdArgs("read-loop", where.report, "KUBECONFIG"));
    await eventually(() => existsSync(`${where.report}.ready`), 15_000, "the reader started");
    const dir = join(where.runtime, "acp", session.id);
    const file = join(dir, "kubeconfig");
    const versions = [session.credential(ProviderType.KUBECONFIG).secret];
    const inodes = [(await stat(file)).ino];
    for (let i = 0; i < 3; i++) {
      const next = await session.rotate(ProviderType.KUBECONFIG);
      versions.push(next);
      await eventually(async () => (await readFile(file, "utf8")) === next, 10_000, `rotation ${i + 1} on disk`);
      inodes.push((await stat(file)).ino);
    }
    runner.child.kill("SIGTERM");
    const { stderr } = await runner.done;
    const seen = readReport<{ reads: number; seen: [string, number][]; failures: string[] }>(where.report);
    expect(seen, stderr).toBeDefined();
    expect(seen!.failures).toEqual([]);
    expect(seen!.reads).toBeGreaterThan(1000);
    const unexpected = seen!.seen.filter(([text]) => !versions.includes(text)).map(([text]) => text.length);
    expect(unexpected, "lengths of contents that were neither the old nor a new version").toEqual([]);
    expect(seen!.seen.length).toBeGreaterThan(1);
    // Same path, a new inode each time: replaced by rename, never rewritten in place. (The
    // filesystem may hand a freed inode number out again, so only neighbours must differ.)
    for (let i = 1; i < inodes.length; i++) expect(inodes[i], `rotation ${i}`).not.toBe(inodes[i - 1]);
  });
});
