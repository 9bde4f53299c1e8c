import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providers } from "@acp/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/captured-io.js";

const hasShell = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

describe("acpctl completion", () => {
  let dir: string;
  let bashFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "acpctl-completion-"));
    bashFile = join(dir, "acpctl.bash");
    writeFileSync(bashFile, (await runCli(["completion", "bash"])).stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What bash offers after `words`, the last being the word under the cursor. */
  const complete = (...words: string[]): string[] => {
    const quoted = ["acpctl", ...words].map((w) => `'${w}'`).join(" ");
    const script = `source '${bashFile}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}; _acpctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\n").filter(Boolean);
  };

  it("completes commands, verbs and flags from commander's tree", () => {
    expect(complete("")).toEqual(
      expect.arrayContaining(["login", "credential", "bind", "bindings", "providers", "--server"]),
    );
    expect(complete("cred")).toEqual(["credential"]);
    expect(complete("credential", "")).toEqual(
      expect.arrayContaining(["create", "list", "get", "update", "delete", "token"]),
    );
    // Aliases lead to the same verbs; global flags before the noun are skipped over.
    expect(complete("credentials", "l")).toEqual(["list"]);
    expect(complete("--context", "prod", "credential", "g")).toEqual(["get"]);
    expect(complete("credential", "create", "--kube")).toEqual(["--kube-context"]);
    expect(complete("completion", "")).toEqual(expect.arrayContaining(["bash", "zsh", "fish"]));
    expect(complete("completion", "z")).toEqual(["zsh"]);
    expect(complete("")).toEqual(expect.arrayContaining(["project", "session", "audit"]));
    expect(complete("project", "member", "")).toEqual(expect.arrayContaining(["add", "remove", "list"]));
    expect(complete("session", "")).toEqual(expect.arrayContaining(["create", "get", "list", "end"]));
    expect(complete("audit", "list", "--s")).toEqual(expect.arrayContaining(["--session", "--since", "--server"]));
  });

  it("offers the registry's providers and the output formats as values", () => {
    expect(complete("credential", "create", "--provider", "")).toEqual([...providers.shortNames()]);
    expect(complete("credential", "list", "--provider", "")).toEqual([...providers.shortNames()]);
    expect(complete("credential", "list", "-o", "")).toEqual(["table", "json", "yaml"]);
    expect(complete("project", "member", "add", "--role", "")).toEqual(["viewer", "editor", "owner"]);
  });

  it("completes file names after --secret-file and nothing after a free-form value", () => {
    writeFileSync(join(dir, "kube.yaml"), "");
    expect(complete("credential", "create", "--secret-file", `${dir}/ku`)).toEqual([`${dir}/kube.yaml`]);
    expect(complete("session", "create", "--token-file", `${dir}/ku`)).toEqual([`${dir}/kube.yaml`]);
    expect(complete("credential", "create", "--name", "")).toEqual([]);
  });

  it("writes zsh and fish scripts from the same tree", async () => {
    const zsh = (await runCli(["completion", "zsh"])).stdout;
    const fish = (await runCli(["completion", "fish"])).stdout;
    const choices = providers.shortNames().join(" ");
    expect(zsh).toContain(`"credential/create --provider") compadd -- ${choices}; return ;;`);
    expect(fish).toContain(`complete -c acpctl -n '__acpctl_at "credential/create"' -l provider -x -a '${choices}'`);
    for (const [shell, script] of [
      ["zsh", zsh],
      ["fish", fish],
    ] as const) {
      if (!hasShell(shell)) continue;
      const file = join(dir, `acpctl.${shell}`);
      writeFileSync(file, script);
      expect(spawnSync(shell, ["-n", file]).status).toBe(0);
    }
  });

  it("refuses an unknown shell as a usage error", async () => {
    const result = await runCli(["completion", "tcsh"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});
