import { describe, expect, it } from "vitest";
import { Parser } from "yaml";
import { exceedsNestingDepth } from "./cst-depth.js";
import { maxNestingDepth } from "./nesting-limits.js";

function tooDeep(text: string): boolean {
  return exceedsNestingDepth([...new Parser().parse(text)]);
}

function flow(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

function indented(depth: number): string {
  return `${Array.from({ length: depth }, (_, level) => `${" ".repeat(level)}k:`).join("\n")} v\n`;
}

describe("exceedsNestingDepth", () => {
  it("allows exactly the cap and refuses one more level", () => {
    expect(tooDeep(flow(maxNestingDepth))).toBe(false);
    expect(tooDeep(flow(maxNestingDepth + 1))).toBe(true);
    expect(tooDeep(indented(maxNestingDepth))).toBe(false);
    expect(tooDeep(indented(maxNestingDepth + 1))).toBe(true);
  });

  it("counts the implicit map of each pair inside a flow sequence", () => {
    const pairs = (depth: number) => `${"[a: ".repeat(depth)}1${"]".repeat(depth)}`;
    expect(tooDeep(pairs(maxNestingDepth / 2))).toBe(false);
    expect(tooDeep(pairs(maxNestingDepth / 2 + 1))).toBe(true);
  });

  it("walks thousands of levels without recursion", () => {
    expect(tooDeep(flow(50_000))).toBe(true);
    expect(tooDeep(indented(3_000))).toBe(true);
  });

  it("looks inside complex keys", () => {
    expect(tooDeep(`? ${flow(maxNestingDepth)}\n: v\n`)).toBe(true);
  });
});
