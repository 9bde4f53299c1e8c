import { lstat, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePrivateDir, type PrivateDir, SecureFileError, writePrivateFile } from "@acp/secure-files";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitCredentialsFileError, gitCredentialsName } from "../materialize/index.js";
import { answerGitCredential } from "./answer-git-credential.js";

const token = "ghs_answerTestToken0123456789";
let root: string;
let dir: PrivateDir;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "acp-git-answer-"));
  dir = await ensurePrivateDir(join(root, "secrets"));
  await writeHosts([
    { host: "github.com", username: "x-access-token", token },
    { host: "git.example.test:8443", username: "oauth2", token: "glpat-port" },
  ]);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function writeHosts(hosts: readonly { host: string; username: string; token: string }[]) {
  return writePrivateFile(dir, gitCredentialsName, JSON.stringify({ hosts }));
}

const ask = (input: string, action = "get") => answerGitCredential({ action, input, secretsDir: dir });

describe("answerGitCredential", () => {
  it("answers get for https and a listed host", async () => {
    expect(await ask("protocol=https\nhost=github.com\n\n")).toBe(`username=x-access-token\npassword=${token}\n`);
    expect(await ask("protocol=https\nhost=git.example.test:8443\npath=group/repo.git\n")).toBe(
      "username=oauth2\npassword=glpat-port\n",
    );
  });

  it("answers nothing for any other host, port or protocol", async () => {
    for (const input of [
      "protocol=https\nhost=github.com.evil.test\n",
      "protocol=https\nhost=evilgithub.com\n",
      "protocol=https\nhost=github.com:8443\n",
      "protocol=https\nhost=git.example.test\n",
      "protocol=http\nhost=github.com\n",
      "protocol=ssh\nhost=github.com\n",
      "host=github.com\n",
      "protocol=https\n",
      "protocol=https\nhost=\n",
    ]) {
      expect(await ask(input), input).toBe("");
    }
  });

  it("answers only get", async () => {
    const input = `protocol=https\nhost=github.com\nusername=x-access-token\npassword=${token}\n`;
    expect(await ask(input, "store")).toBe("");
    expect(await ask(input, "erase")).toBe("");
    expect(await ask(input, "list")).toBe("");
  });

  it("answers nothing when the request is ambiguous or names another user", async () => {
    expect(await ask("protocol=https\nhost=evil.test\nhost=github.com\n")).toBe("");
    expect(await ask("protocol=https\nhost=github.com\nusername=someone-else\n")).toBe("");
    expect(await ask("protocol=https\nhost=github.com\nusername=x-access-token\n")).toContain(token);
  });

  it("stops at the blank line that ends git's request", async () => {
    expect(await ask("protocol=https\n\nhost=github.com\n")).toBe("");
  });

  it("reads the file at each call, so a rotated token is the one given", async () => {
    await writeHosts([{ host: "github.com", username: "x-access-token", token: "ghs_rotated" }]);
    expect(await ask("protocol=https\nhost=github.com\n")).toBe("username=x-access-token\npassword=ghs_rotated\n");
  });

  it("answers nothing, and creates nothing, when the directory or file is gone", async () => {
    await rm(join(dir, gitCredentialsName));
    expect(await ask("protocol=https\nhost=github.com\n")).toBe("");
    await rm(dir, { recursive: true });
    expect(await ask("protocol=https\nhost=github.com\n")).toBe("");
    await expect(lstat(dir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a symlink planted at the file, without reading through it", async () => {
    const elsewhere = join(root, "planted.json");
    await writeFile(elsewhere, JSON.stringify({ hosts: [{ host: "github.com", username: "u", token: "planted" }] }));
    await rm(join(dir, gitCredentialsName));
    await symlink(elsewhere, join(dir, gitCredentialsName));
    await expect(ask("protocol=https\nhost=github.com\n")).rejects.toBeInstanceOf(SecureFileError);
  });

  it("refuses a malformed file without quoting it", async () => {
    await writePrivateFile(dir, gitCredentialsName, `{"hosts": [{"host": "github.com", "token": "${token}"`);
    const error = await ask("protocol=https\nhost=github.com\n").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitCredentialsFileError);
    expect(String(error)).not.toContain(token);
    await writePrivateFile(dir, gitCredentialsName, JSON.stringify({ hosts: [{ host: "github.com", token }] }));
    const missingUser = await ask("protocol=https\nhost=github.com\n").catch((caught: unknown) => caught);
    expect(missingUser).toBeInstanceOf(GitCredentialsFileError);
    expect(String(missingUser)).not.toContain(token);
  });

  it("never answers with a value that would add lines to git's protocol", async () => {
    await writeHosts([{ host: "github.com", username: "x-access-token", token: "ghs_a\nhost=evil.test" }]);
    expect(await ask("protocol=https\nhost=github.com\n")).toBe("");
  });
});
