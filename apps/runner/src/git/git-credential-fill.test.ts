import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePrivateDir, type PrivateDir, writePrivateFile } from "@acp/secure-files";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitCredentialsName } from "../materialize/index.js";
import { gitCredentialEnv } from "./git-credential-env.js";

// The real git (2.39 on the machine) asks a stand-in for the runner: a script
// with the runner's `git-credential --secrets-dir DIR <action>` argv that calls
// answerGitCredential, and records its argv so the test can check no secret
// was passed on a command line.

const tsxLoader = import.meta.resolve("tsx");
const answerModule = new URL("./answer-git-credential.ts", import.meta.url).href;
const firstToken = "ghs_fillTestFirstToken0123456789";
const rotatedToken = "ghs_fillTestRotatedToken98765";
const userGitconfig = "[credential]\n\thelper = store\n[user]\n\tname = Someone\n";

let root: string;
let home: string;
let secrets: PrivateDir;
let argvLog: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "acp-git-fill-"));
  home = join(root, "home");
  await mkdir(home);
  // A user whose own config would keep whatever git is handed.
  await writeFile(join(home, ".gitconfig"), userGitconfig);
  secrets = await ensurePrivateDir(join(root, "secrets"));
  await writeToken(firstToken);
  argvLog = join(root, "argv.log");
  const runner = join(root, "fake-runner.mjs");
  await writeFile(
    runner,
    `import { appendFileSync } from "node:fs";
import { answerGitCredential } from ${JSON.stringify(answerModule)};
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(argvLog)}, JSON.stringify(process.argv) + "\\n");
if (args[0] !== "git-credential" || args[1] !== "--secrets-dir") process.exit(2);
let input = "";
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(await answerGitCredential({ action: args[3] ?? "", input, secretsDir: args[2] }));
`,
  );
  env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    ...gitCredentialEnv({
      runnerCommand: [process.execPath, "--import", tsxLoader, runner],
      secretsDir: secrets,
      baseEnv: {},
    }),
  };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function writeToken(token: string) {
  const hosts = [{ host: "github.com", username: "x-access-token", token }];
  return writePrivateFile(secrets, gitCredentialsName, JSON.stringify({ hosts }));
}

interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function git(args: readonly string[], input: string): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile("git", [...args], { env, cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
    // A git that exits before reading its input (a refusal) is judged by its
    // code and output; the EPIPE of writing to it is not the test's failure.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

const fill = (url: string) => git(["credential", "fill"], `url=${url}\n\n`);

describe("git credential fill through the runner's helper", () => {
  it("gives github.com the token, with the provider's username", async () => {
    const result = await fill("https://github.com/acme/repo.git");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("username=x-access-token\n");
    expect(result.stdout).toContain(`password=${firstToken}\n`);
  });

  it.each([
    "https://github.com.evil.test/acme/repo.git",
    "https://evilgithub.com/acme/repo.git",
    "https://github.com:8443/acme/repo.git",
    "http://github.com/acme/repo.git",
  ])("gives %s nothing, and git fails without prompting", async (url) => {
    const result = await fill(url);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("terminal prompts disabled");
    expect(result.stdout).not.toContain("password=");
    expect(result.stdout + result.stderr).not.toContain(firstToken);
  });

  it("gives the new token once the file is rewritten", async () => {
    await writeToken(rotatedToken);
    try {
      const result = await fill("https://github.com/acme/repo.git");
      expect(result.stdout).toContain(`password=${rotatedToken}\n`);
      expect(result.stdout).not.toContain(firstToken);
    } finally {
      await writeToken(firstToken);
    }
  });

  it("keeps the token away from the user's own helpers and leaves the user's config as it was", async () => {
    const filled = await fill("https://github.com/acme/repo.git");
    expect(filled.code).toBe(0);
    // What git does after a fetch that worked: hand the credential to every helper to keep.
    const approved = await git(["credential", "approve"], filled.stdout);
    expect(approved.code).toBe(0);
    // The user's `store` helper never saw it, so it wrote no ~/.git-credentials.
    await expect(readFile(join(home, ".git-credentials"), "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readFile(join(home, ".gitconfig"), "utf8")).toBe(userGitconfig);
    // The env entries are config to git: the user's other settings still apply.
    const name = await git(["config", "user.name"], "");
    expect(name.stdout).toBe("Someone\n");
  });

  it("passed no secret on any command line", async () => {
    const lines = (await readFile(argvLog, "utf8")).trim().split("\n");
    expect(lines.length).toBeGreaterThan(4);
    const argvs = lines.map((line) => JSON.parse(line) as string[]);
    expect(new Set(argvs.map((argv) => argv.at(-1)))).toEqual(new Set(["get", "store"]));
    for (const argv of argvs) {
      expect(argv.slice(-4, -1)).toEqual(["git-credential", "--secrets-dir", secrets]);
      for (const token of [firstToken, rotatedToken]) expect(argv.join(" ")).not.toContain(token);
    }
    for (const value of Object.values(env)) {
      for (const token of [firstToken, rotatedToken]) expect(value).not.toContain(token);
    }
  });
});
