import { describe, expect, it } from "vitest";
import { maxStructuralTokens, prescanStructure } from "./structure-prescan.js";

describe("prescanStructure", () => {
  it("accepts ordinary files, including tokens full of dashes", () => {
    const token = "eyJhbGciOi-_-".repeat(200);
    expect(prescanStructure(`users:\n- name: a-b\n  user:\n    token: ${token}\n`)).toBe("acceptable");
    expect(prescanStructure("a: - - - - x")).toBe("acceptable");
    expect(prescanStructure(`${"[".repeat(60)}${"]".repeat(60)}`)).toBe("acceptable");
  });

  it("refuses long indicator runs, which would overflow the yaml lexer's stack", () => {
    expect(prescanStructure(`${"- ".repeat(65)}x`)).toBe("too-deep");
    expect(prescanStructure(`${"? ".repeat(65)}x`)).toBe("too-deep");
    expect(prescanStructure(`${"&a ".repeat(65)}x`)).toBe("too-deep");
    expect(prescanStructure(`${"!t ".repeat(65)}x`)).toBe("too-deep");
    expect(prescanStructure(`${"-\t".repeat(65)}x`)).toBe("too-deep");
    expect(prescanStructure(`${"&a!b&c ".repeat(30)}x`)).toBe("too-deep");
  });

  it("refuses absurd bracket depth before the slow parse", () => {
    expect(prescanStructure("[".repeat(10_000))).toBe("too-deep");
    expect(prescanStructure("{a: ".repeat(10_000))).toBe("too-deep");
  });

  it("refuses more structure than any kubeconfig has", () => {
    expect(prescanStructure("- x\n".repeat(maxStructuralTokens + 1))).toBe("too-large");
    expect(prescanStructure(`[${"1,".repeat(maxStructuralTokens)}1]`)).toBe("too-large");
  });
});
