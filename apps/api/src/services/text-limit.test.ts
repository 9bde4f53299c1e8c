import { describe, expect, it } from "vitest";
import { type TextLimit, textViolations } from "./text-limit.js";

const line: TextLimit = { max: 8, unit: "characters", characters: "line" };
const text: TextLimit = { ...line, characters: "text" };
const opaque: TextLimit = { ...line, characters: "opaque" };
const problem = (value: string, limit: TextLimit) => textViolations("f", value, limit)[0]?.description;

describe("textViolations", () => {
  it("lets the empty string through: whether a field is required is its handler's to say", () => {
    expect(textViolations("f", "", { ...line, pattern: { test: /^x$/, description: "must be x" } })).toEqual([]);
  });

  it("counts bytes or characters as the limit says", () => {
    expect(problem("éééé", line)).toBeUndefined();
    expect(problem("éééé", { ...line, unit: "bytes" })).toBeUndefined();
    expect(problem("ééééé", { ...line, unit: "bytes" })).toBe("must be at most 8 bytes");
    expect(problem("a".repeat(9), line)).toBe("must be at most 8 characters");
  });

  it.each([line, text, opaque])("refuses NUL and lone surrogates in every kind of field (%o)", (limit) => {
    expect(problem("a\u0000b", limit)).toBe("must not contain NUL characters");
    expect(problem("a\uD800b", limit)).toBe("must be valid Unicode");
    expect(problem("a\u{1F600}", limit)).toBeUndefined();
  });

  it("allows tab and newline in text, no control character in a line, any but NUL in opaque values", () => {
    expect(problem("a\tb\nc", text)).toBeUndefined();
    expect(problem("a\rb", text)).toBe("must not contain control characters other than tab and newline");
    expect(problem("a\u007Fb", text)).toBe("must not contain control characters other than tab and newline");
    expect(problem("a\tb", line)).toBe("must not contain control characters");
    expect(problem("a\u0085b", line)).toBe("must not contain control characters");
    expect(problem("a\u0007\t\u202E", opaque)).toBeUndefined();
  });

  it.each(["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"])(
    "refuses the bidi control U+%s in lines and text",
    (bidi) => {
      expect(problem(`a${bidi}b`, line)).toMatch(/bidirectional override/);
      expect(problem(`a${bidi}b`, text)).toMatch(/bidirectional override/);
    },
  );

  it("keeps left-to-right and right-to-left marks, which reorder nothing", () => {
    expect(problem("a\u200Eb\u200F", text)).toBeUndefined();
  });

  it("checks the length before the pattern, so a huge value is never scanned", () => {
    const pattern = { test: /^a+$/, description: "must be a's" };
    expect(problem("b".repeat(9), { ...line, pattern })).toBe("must be at most 8 characters");
    expect(problem("ab", { ...line, pattern })).toBe("must be a's");
  });
});
