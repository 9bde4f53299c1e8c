import { describe, expect, it } from "vitest";
import { validateKubeconfig } from "../src/index.js";
import { loadBadCases, loadGoodCases } from "./corpus.js";

const badCases = loadBadCases();
const goodCases = loadGoodCases();

describe("corpus", () => {
  it("is large enough to cover the spec", () => {
    expect(badCases.length).toBeGreaterThanOrEqual(30);
    expect(goodCases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(badCases.map((c) => [c.name, c] as const))("refuses %s with exactly the expected paths", (_name, c) => {
    const result = validateKubeconfig(c.bytes, c.options);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((problem) => problem.path);
    expect([...new Set(paths)].sort()).toEqual([...c.expectedPaths].sort());
    // A field is reported once; only the whole file may collect several YAML errors.
    const fieldPaths = paths.filter((path) => path !== "(document)");
    expect(fieldPaths).toHaveLength(new Set(fieldPaths).size);
  });

  it.each(goodCases.map((c) => [c.name, c] as const))(
    "accepts %s with the expected minified file and summary",
    (_name, c) => {
      const result = validateKubeconfig(c.bytes, c.options);
      expect(result.ok ? undefined : result.problems).toBeUndefined();
      if (!result.ok) return;
      expect(result.minified).toBe(c.minified);
      expect(result.summary).toEqual(c.summary);
    },
  );

  it.each(goodCases.map((c) => [c.name, c] as const))(
    "gives %s the same result as a string as as bytes",
    (_name, c) => {
      expect(validateKubeconfig(Buffer.from(c.bytes).toString("utf8"), c.options)).toEqual(
        validateKubeconfig(c.bytes, c.options),
      );
    },
  );

  it.each(goodCases.map((c) => [c.name, c] as const))("accepts the minified output of %s unchanged", (_name, c) => {
    const result = validateKubeconfig(c.minified, c.options);
    expect(result.ok && result.minified).toBe(c.minified);
  });
});
