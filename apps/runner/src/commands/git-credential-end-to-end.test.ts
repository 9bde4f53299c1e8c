import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { eventually, readReport, sessionCmdArgs, spawnRunner, useRunnerWorld } from "../testing/index.js";

const suite = useRunnerWorld();
const world = () => suite.world();

describe("git inside CMD", () => {
  it("gets the token for github.com only, over https only, and the rotated one after a rotation", async () => {
    const session = await world().session([ProviderType.GITHUB]);
    const base = join(world().dir, "git");
    const home = join(base, "home");
    await mkdir(home, { recursive: true, mode: 0o700 });
    // A user config with a store helper: it must never be asked, nor handed the token.
    await writeFile(join(home, ".gitconfig"), "[credential]\n\thelper = store\n");
    const report = join(base, "report.json");
    const env = { PATH: process.env.PATH ?? "", HOME: home, XDG_RUNTIME_DIR: base };
    const runner = spawnRunner(
      [
        "run",
        "--server",
        world().api.url,
        "--session-token-file",
        session.tokenFile,
        "--no-workdir-mcp",
        ...sessionCmdArgs("git", report),
      ],
      env,
    );
    await eventually(() => existsSync(report), 20_000, "CMD's git answers");
    const [github, ...others] = readReport<{ answers: string[] }>(report)!.answers;
    const token = session.credential(ProviderType.GITHUB).secret;
    expect(github).toContain("username=x-access-token\n");
    expect(github).toContain(`password=${token}\n`);
    // github.com.evil.test, evilgithub.com, github.com:8443, http://github.com
    expect(others).toEqual(["", "", "", ""]);

    const rotated = await session.rotate(ProviderType.GITHUB);
    const gitFile = join(base, "acp", session.id, "git-credentials.json");
    await eventually(async () => (await readFile(gitFile, "utf8")).includes(rotated), 10_000, "the rotation on disk");
    await writeFile(`${report}.again`, "");
    const { code, stderr } = await runner.done;
    expect(code, stderr).toBe(0);
    expect(await readFile(`${report}.second`, "utf8")).toContain(`password=${rotated}\n`);
    expect(existsSync(join(home, ".git-credentials"))).toBe(false);
  });
});
