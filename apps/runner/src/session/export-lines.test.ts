import { describe, expect, it } from "vitest";
import { exportLines } from "./export-lines.js";

describe("exportLines", () => {
  it("prints export lines a shell can eval, sorted, quoting every value", () => {
    expect(exportLines({ B: "it's", A: "x y", C: "$(no)" })).toBe(
      "export A='x y'\nexport B='it'\\''s'\nexport C='$(no)'\n",
    );
  });
});
