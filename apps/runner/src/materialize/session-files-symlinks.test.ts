import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubCredential, githubToken, kubeconfigCredential } from "./fixtures/credentials.js";
import { captureLog, scratchDirs } from "./fixtures/scratch.js";
import { applied, problemsOf, snapshot } from "./fixtures/session.js";
import { openSecretsDir } from "./secrets-dir.js";
import { SessionFiles } from "./session-files.js";

const scratch = scratchDirs();
const targets = ["kubeconfig", "env", "git-credentials.json", "mcp.json"];

async function session() {
  const root = scratch();
  const dir = await openSecretsDir({ explicit: join(root, "secrets"), sessionId: "s-1", env: {} });
  const files = await SessionFiles.open({ dir, workdir: undefined, log: captureLog() });
  return { root, dir, files };
}

describe("a symlink planted in the secrets directory", () => {
  it.each(targets)("at %s is refused, naming it, and nothing is written through it or anywhere else", async (name) => {
    const { root, dir, files } = await session();
    const bait = join(root, "bait");
    writeFileSync(bait, "untouched");
    applied(await files.apply([kubeconfigCredential("t1"), githubCredential(githubToken("a"))]));
    const others = targets.filter((other) => other !== name);
    const before = snapshot(dir.path, others);
    const target = join(dir.path, name);
    rmSync(target);
    symlinkSync(bait, target);

    const problems = problemsOf(await files.apply([kubeconfigCredential("t2"), githubCredential(githubToken("b"))]));
    expect(problems).toEqual([`${target} is a symbolic link`]);
    expect(readFileSync(bait, "utf8")).toBe("untouched");
    expect(lstatSync(target).isSymbolicLink()).toBe(true);
    expect(snapshot(dir.path, others)).toEqual(before);
  });

  it("at a file that does not exist yet (a credential bound later) is refused as well", async () => {
    const { root, dir, files } = await session();
    const bait = join(root, "bait");
    applied(await files.apply([githubCredential(githubToken("a"))]));
    symlinkSync(bait, join(dir.path, "kubeconfig"));
    expect(problemsOf(await files.apply([kubeconfigCredential("t1")]))).toEqual([
      `${join(dir.path, "kubeconfig")} is a symbolic link`,
    ]);
    expect(existsSync(bait)).toBe(false);
  });

  it("in place of the directory itself is refused, and nothing is written into its target", async () => {
    const { root, dir, files } = await session();
    applied(await files.apply([kubeconfigCredential("t1")]));
    const moved = join(root, "moved");
    renameSync(dir.path, moved);
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, dir.path);
    expect(problemsOf(await files.apply([kubeconfigCredential("t2")]))).toEqual([`${dir.path} is a symbolic link`]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
