import { describe, expect, it } from "vitest";
import { fencedBlocks, readmeSection, shellCommands, unexercisedCommands } from "./readme-walkthrough.js";

const readme = [
  "# x",
  "## Walk",
  "Some text.",
  "```sh",
  "# a comment",
  "npx acpctl credential create --name c --provider kubeconfig \\",
  "  --secret-file ~/.kube/config   # trailing comment",
  "S=$(acpctl session create --project p --token-file ~/s.token)",
  'acpctl session end "$S"',
  "kubectl config view --minify --raw > c.yaml",
  "acp-runner run --server https://acp.example.com -- claude --resume",
  "```",
  "```json",
  "{}",
  "```",
  "## Next",
  "```sh",
  "rm -rf /",
  "```",
  "",
].join("\n");

describe("the README walkthrough check", () => {
  const section = readmeSection(readme, "Walk");
  const commands = fencedBlocks(section, "sh").flatMap(shellCommands);

  it("reads only the section's blocks, as argv without comments, npx, $( ) or redirection", () => {
    expect(fencedBlocks(section, "json")).toEqual(["{}\n"]);
    expect(commands).toEqual([
      ["acpctl", "credential", "create", "--name", "c", "--provider", "kubeconfig", "--secret-file", "~/.kube/config"],
      ["acpctl", "session", "create", "--project", "p", "--token-file", "~/s.token"],
      ["acpctl", "session", "end", "$S"],
      ["kubectl", "config", "view", "--minify", "--raw"],
      ["acp-runner", "run", "--server", "https://acp.example.com", "--", "claude", "--resume"],
    ]);
  });

  it("matches runs with the same words and flags, any value for a path, URL or variable, any CMD after --", () => {
    const ran = [
      ["acpctl", "credential", "create", "--name", "c", "--provider", "kubeconfig", "--secret-file", "/tmp/h/config"],
      ["acpctl", "session", "create", "--project", "p", "--token-file", "/tmp/s"],
      ["acpctl", "session", "end", "ses_1"],
      ["kubectl", "config", "view", "--minify", "--raw"],
      ["acp-runner", "run", "--server", "http://127.0.0.1:1", "--", "node", "agent.ts"],
    ];
    expect(unexercisedCommands(commands, ran)).toEqual([]);
  });

  it("names a command whose flags, names or program differ from every run", () => {
    const ran = [
      ["acpctl", "credential", "create", "--name", "other", "--provider", "kubeconfig", "--secret-file", "/f"],
      ["acpctl", "session", "create", "--project", "p"],
      ["acpctl", "session", "end", "--yes"],
      ["kubectl", "config", "view", "--raw", "--minify"],
      ["acp-runner", "run", "--server", "http://h"],
    ];
    expect(unexercisedCommands(commands, ran)).toHaveLength(commands.length);
    expect(unexercisedCommands([["oc", "login"]], [["oc", "login"]])).toEqual(["oc login"]);
  });
});
