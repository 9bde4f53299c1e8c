import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isEnvName, renderEnvFile } from "./env-file.js";

describe("renderEnvFile", () => {
  it("gives sh back every value byte for byte: quotes, newlines, $, backslashes and backticks", () => {
    const env = {
      B_PLAIN: "value",
      A_TRICKY: `it's "quoted" $HOME \`date\` \\n\nsecond line`,
      C_EMPTY: "",
    };
    const text = renderEnvFile(env);
    expect(text.split("\n")[0]).toMatch(/^export A_TRICKY='/);
    const script = `${text}printf '%s\\0' "$A_TRICKY" "$B_PLAIN" "$C_EMPTY"`;
    const printed = execFileSync("sh", ["-c", script], { env: {} }).toString().split("\0");
    expect(printed.slice(0, 3)).toEqual([env.A_TRICKY, env.B_PLAIN, env.C_EMPTY]);
  });

  it("takes only shell variable names", () => {
    expect(["KUBECONFIG", "_X1"].every(isEnvName)).toBe(true);
    expect(["1X", "A-B", "A B", "A;rm", ""].some(isEnvName)).toBe(false);
  });
});
