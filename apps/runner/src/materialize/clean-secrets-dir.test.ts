import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanSecretsDir } from "./clean-secrets-dir.js";
import { githubCredential, githubToken, kubeconfigCredential } from "./fixtures/credentials.js";
import { captureLog, entriesOf, scratchDirs } from "./fixtures/scratch.js";
import { applied } from "./fixtures/session.js";
import { readGitCredentials } from "./git-credentials-file.js";
import { openSecretsDir } from "./secrets-dir.js";
import { SessionFiles } from "./session-files.js";

const scratch = scratchDirs();

describe("cleanSecretsDir (after prepare)", () => {
  it("removes what a prepared session left and restores the workdir config, from the files alone", async () => {
    const root = scratch();
    const workdir = join(root, "work");
    mkdirSync(workdir);
    writeFileSync(join(workdir, ".mcp.json"), '{ "mcpServers": { } }\n');
    const dir = await openSecretsDir({ explicit: join(root, "secrets"), sessionId: "s", env: {} });
    const files = await SessionFiles.open({ dir, workdir, log: captureLog() });
    applied(await files.apply([kubeconfigCredential("t1"), githubCredential(githubToken("a"))]));
    await dir.keepAfterExit();
    expect(await readGitCredentials(dir.path)).toHaveLength(1);

    // A later process knows nothing but the path.
    expect(await cleanSecretsDir({ dir: dir.path, log: captureLog() })).toBe(true);
    expect(existsSync(dir.path)).toBe(false);
    expect(readFileSync(join(workdir, ".mcp.json"), "utf8")).toBe('{ "mcpServers": { } }\n');
    expect(entriesOf(workdir)).toEqual([".mcp.json"]);
    expect(await cleanSecretsDir({ dir: dir.path, log: captureLog() })).toBe(false);
    expect(await readGitCredentials(dir.path)).toEqual([]);
    // Reading must not bring the directory back.
    expect(existsSync(dir.path)).toBe(false);
  });

  it("refuses a directory a running runner uses", async () => {
    const dir = await openSecretsDir({ explicit: join(scratch(), "secrets"), sessionId: "s", env: {} });
    await expect(cleanSecretsDir({ dir: dir.path, log: captureLog() })).rejects.toThrow(
      `${dir.path} is in use by a running acp-runner (pid ${process.pid})`,
    );
    expect(existsSync(join(dir.path, "runner.pid"))).toBe(true);
  });
});
