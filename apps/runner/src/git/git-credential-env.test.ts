import { describe, expect, it } from "vitest";
import { gitCredentialEnv } from "./git-credential-env.js";

const runnerCommand = ["/usr/bin/node", "/opt/acp/acp-runner.mjs"];

describe("gitCredentialEnv", () => {
  it("resets git's helper list, then adds the runner's helper with its secrets dir", () => {
    const env = gitCredentialEnv({ runnerCommand, secretsDir: "/run/acp/s1", baseEnv: {} });
    expect(env).toEqual({
      GIT_CONFIG_COUNT: "2",
      GIT_CONFIG_KEY_0: "credential.helper",
      GIT_CONFIG_VALUE_0: "",
      GIT_CONFIG_KEY_1: "credential.helper",
      GIT_CONFIG_VALUE_1: "!'/usr/bin/node' '/opt/acp/acp-runner.mjs' 'git-credential' '--secrets-dir' '/run/acp/s1'",
    });
  });

  it("appends after the entries already in the environment, leaving them alone", () => {
    const baseEnv = { GIT_CONFIG_COUNT: "2", GIT_CONFIG_KEY_0: "user.name", GIT_CONFIG_KEY_1: "core.editor" };
    const env = gitCredentialEnv({ runnerCommand, secretsDir: "/run/acp/s1", baseEnv });
    expect(env.GIT_CONFIG_COUNT).toBe("4");
    expect(Object.keys(env).sort()).toEqual([
      "GIT_CONFIG_COUNT",
      "GIT_CONFIG_KEY_2",
      "GIT_CONFIG_KEY_3",
      "GIT_CONFIG_VALUE_2",
      "GIT_CONFIG_VALUE_3",
    ]);
    expect(env.GIT_CONFIG_VALUE_3).toContain("git-credential");
  });

  it("treats an empty count as none, as git does", () => {
    const env = gitCredentialEnv({ runnerCommand, secretsDir: "/d", baseEnv: { GIT_CONFIG_COUNT: "" } });
    expect(env.GIT_CONFIG_KEY_0).toBe("credential.helper");
  });

  it("refuses a count git would refuse", () => {
    expect(() => gitCredentialEnv({ runnerCommand, secretsDir: "/d", baseEnv: { GIT_CONFIG_COUNT: "2x" } })).toThrow(
      /GIT_CONFIG_COUNT/,
    );
  });

  it("shell-quotes paths with spaces and quotes", () => {
    const env = gitCredentialEnv({
      runnerCommand: ["/opt/my tools/node", "/opt/it's/runner.mjs"],
      secretsDir: "/tmp/a dir",
      baseEnv: {},
    });
    expect(env.GIT_CONFIG_VALUE_1).toBe(
      `!'/opt/my tools/node' '/opt/it'\\''s/runner.mjs' 'git-credential' '--secrets-dir' '/tmp/a dir'`,
    );
  });
});
