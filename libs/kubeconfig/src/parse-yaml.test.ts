import { describe, expect, it } from "vitest";
import { parseYaml } from "./parse-yaml.js";

function problems(text: string): string[] {
  const result = parseYaml(text);
  return result.ok ? [] : result.problems.map(({ path, message }) => `${path}: ${message}`);
}

describe("parseYaml", () => {
  it("reads YAML and JSON into plain values", () => {
    expect(parseYaml("a: [1, {b: c}]\n")).toEqual({ ok: true, value: { a: [1, { b: "c" }] } });
    expect(parseYaml('{"a": "b"}')).toEqual({ ok: true, value: { a: "b" } });
  });

  it("refuses several documents, and a stream without any", () => {
    expect(problems("a: 1\n---\nb: 2\n")).toEqual([
      expect.stringMatching(/^\(document\): holds more than one YAML document/),
    ]);
    expect(problems("# only a comment\n")).toEqual([expect.stringMatching(/^\(document\): holds no YAML document/)]);
  });

  it("names the path of each repeated key, however the keys are spelled", () => {
    expect(problems("users:\n- user:\n    token: a\n    'token': b\n")).toEqual([
      "users[0].user.token: appears twice in the same mapping; keep only one of the two entries",
    ]);
    expect(problems("a: 1\n1: x\n'1': y\n")).toEqual([expect.stringMatching(/^1: appears twice/)]);
    expect(problems('"": 1\n~: 2\n')).toEqual([expect.stringMatching(/^"": appears twice/)]);
  });

  it("stays linear on a mapping with many keys", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `key${i}: v`).join("\n");
    expect(parseYaml(text).ok).toBe(true);
  });

  it("refuses keys that are collections", () => {
    expect(problems("a:\n  ? [x]\n  : y\n")).toEqual([
      expect.stringMatching(/^a: has a mapping key that is not a plain value/),
    ]);
  });

  it("allows a few aliases and refuses a billion laughs", () => {
    expect(parseYaml("a: &x {b: 1}\nc: *x\n")).toEqual({ ok: true, value: { a: { b: 1 }, c: { b: 1 } } });
    const levels = "abcdefghi".split("");
    const bomb = levels
      .map(
        (level, i) =>
          `${level}: &${level} [${Array(9)
            .fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`)
            .join(",")}]`,
      )
      .join("\n");
    expect(problems(bomb)).toEqual([expect.stringMatching(/^\(document\): expands YAML aliases too many times/)]);
  });

  it("reports syntax errors by position without quoting the line", () => {
    const found = problems("token: sha256~very-secret-value: oops\n");
    expect(found).toEqual([expect.stringMatching(/^\(document\): is not valid YAML \(\w+ at line 1, column \d+\)/)]);
    expect(found.join("")).not.toContain("sha256~");
  });

  it("refuses unresolved tags rather than guessing their meaning", () => {
    expect(problems("token: !vault secret\n")).toEqual([expect.stringMatching(/TAG_RESOLVE_FAILED/)]);
  });

  it.each([
    ["flow sequences", `${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["flow maps", `${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}`],
    ["compact sequences", `k:\n${"- ".repeat(10_000)}x`],
    ["explicit keys", `${"? ".repeat(10_000)}x`],
    ["anchor runs", `a: ${Array.from({ length: 10_000 }, (_, i) => `&a${i}`).join(" ")} x`],
    ["tag runs", `a: ${"!t ".repeat(10_000)}x`],
    ["indentation", `${Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} x`],
    [
      "compact runs on indented lines",
      `a:\n${Array.from({ length: 300 }, (_, i) => `${" ".repeat(2 * i + 1)}${"- ".repeat(60)}x:`).join("\n")} y`,
    ],
  ])("refuses deep %s without overflowing the stack", (_shape, text) => {
    expect(problems(text)).toEqual([
      expect.stringMatching(/^\(document\): nests collections more than 64 levels deep/),
    ]);
  });
});
