import { describe, expect, it } from "vitest";
import type { KubeconfigProblem } from "./public-types.js";
import { isSet, readFlag, readText } from "./read-field.js";

describe("isSet", () => {
  it("treats null, empty strings and empty collections as unset, like client-go's omitempty", () => {
    expect([undefined, null, "", [], {}].map(isSet)).toEqual([false, false, false, false, false]);
    expect([0, false, "x", [1], { a: 1 }].map(isSet)).toEqual([true, true, true, true, true]);
  });
});

describe("readText", () => {
  function read(record: Record<string, unknown>, presence: "required" | "optional" = "required") {
    const problems: KubeconfigProblem[] = [];
    return {
      value: readText(record, "name", "users[0]", presence, problems),
      problems: problems.map((p) => `${p.path}: ${p.message}`),
    };
  }

  it("returns single-line strings", () => {
    expect(read({ name: "dev" })).toEqual({ value: "dev", problems: [] });
  });

  it("reports missing, non-string and multi-line values by path", () => {
    expect(read({}).problems).toEqual(["users[0].name: is required and must not be empty"]);
    expect(read({}, "optional")).toEqual({ value: undefined, problems: [] });
    expect(read({ name: 12 }).problems).toEqual([expect.stringMatching(/^users\[0\]\.name: must be a string/)]);
    expect(read({ name: "a\nb" }).problems).toEqual([expect.stringMatching(/single line/)]);
    expect(read({ name: "a\u2028b" }).problems).toEqual([expect.stringMatching(/single line/)]);
  });

  it("reads only own fields, never inherited ones", () => {
    expect(read(Object.create({ name: "inherited" }) as Record<string, unknown>).value).toBeUndefined();
  });
});

describe("readFlag", () => {
  it("defaults to false and refuses non-booleans such as YAML 1.1's yes", () => {
    const problems: KubeconfigProblem[] = [];
    expect(readFlag({}, "insecure", "c", problems)).toBe(false);
    expect(readFlag({ insecure: true }, "insecure", "c", problems)).toBe(true);
    expect(readFlag({ insecure: "yes" }, "insecure", "c", problems)).toBe(false);
    expect(problems).toEqual([{ path: "c.insecure", message: "must be true or false" }]);
  });
});
