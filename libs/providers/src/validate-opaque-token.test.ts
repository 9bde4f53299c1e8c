import { describe, expect, it } from "vitest";
import { validateOpaqueToken } from "./validate-opaque-token.js";

const token = "ghp_R4nd0mT0k3nV4lu3xyz";

function problems(secret: string): readonly string[] {
  const result = validateOpaqueToken(secret);
  if (result.ok) throw new Error("expected a rejection");
  for (const problem of result.problems) expect(problem).not.toContain("R4nd0m");
  return result.problems;
}

describe("validateOpaqueToken", () => {
  it("keeps a clean token as it is, with no summary", () => {
    expect(validateOpaqueToken(token)).toEqual({ ok: true, secret: token, summary: { case: undefined } });
  });

  it.each([["\n"], ["\r\n"]])("drops exactly one trailing line break %j", (lineBreak) => {
    const result = validateOpaqueToken(token + lineBreak);
    expect(result.ok && result.secret).toBe(token);
  });

  it("rejects a second trailing line break instead of trimming it", () => {
    expect(problems(`${token}\n\n`)).toEqual([
      `secret must be a single token without whitespace or control characters, but contains a line break at character ${token.length + 1}`,
    ]);
  });

  it("reports surrounding spaces and tabs as whitespace with the first position and a count", () => {
    expect(problems(` ${token}\t `)).toEqual([
      `secret must be a single token without whitespace or control characters, but contains whitespace at character 1 (and 2 more)`,
    ]);
  });

  it("reports each class of bad character once", () => {
    expect(problems(`ab\u0001c\u200bd\u00a0e\ud800`)).toEqual([
      "secret must be a single token without whitespace or control characters, but contains a control character at character 3",
      "secret must be a single token without whitespace or control characters, but contains an invisible formatting character at character 5",
      "secret must be a single token without whitespace or control characters, but contains whitespace at character 7",
      "secret must be a single token without whitespace or control characters, but contains an unpaired surrogate at character 9",
    ]);
  });

  it("counts positions in characters, not UTF-16 units", () => {
    expect(problems("😀😀 x")[0]).toContain("whitespace at character 3");
  });

  it("rejects DEL and NUL as control characters", () => {
    expect(problems("a\u007fb\u0000")[0]).toContain("a control character at character 2 (and 1 more)");
  });
});
