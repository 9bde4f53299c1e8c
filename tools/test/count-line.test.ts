import { describe, expect, test } from "vitest";
import { countTests, formatCountLine, type VitestJson } from "./count-line.js";

const green: VitestJson = {
  numPassedTests: 5,
  numFailedTests: 0,
  testResults: [{ status: "passed", assertionResults: [{ status: "passed" }] }],
};
const ok = { typecheckFailed: false, vitestExitCode: 0 };

describe("countTests", () => {
  test("takes vitest's counts for a green run", () => {
    expect(countTests({ results: green, ...ok })).toEqual({ passed: 5, failed: 0 });
  });

  test("takes vitest's failed count", () => {
    const results: VitestJson = {
      numPassedTests: 3,
      numFailedTests: 2,
      testResults: [{ status: "failed", assertionResults: [{ status: "failed" }, { status: "failed" }] }],
    };
    expect(countTests({ results, ...ok, vitestExitCode: 1 })).toEqual({ passed: 3, failed: 2 });
  });

  test("a missing results file is one failure", () => {
    expect(countTests({ results: undefined, ...ok, vitestExitCode: 1 })).toEqual({ passed: 0, failed: 1 });
  });

  test("a test file that fails to load counts as a failure", () => {
    const results: VitestJson = {
      ...green,
      testResults: [...(green.testResults ?? []), { status: "failed", assertionResults: [] }],
    };
    expect(countTests({ results, ...ok, vitestExitCode: 1 })).toEqual({ passed: 5, failed: 1 });
  });

  test("a failed typecheck counts as a failure", () => {
    expect(countTests({ results: green, ...ok, typecheckFailed: true })).toEqual({ passed: 5, failed: 1 });
  });

  test("vitest failing with no failed test still counts as a failure", () => {
    expect(countTests({ results: green, ...ok, vitestExitCode: 1 })).toEqual({ passed: 5, failed: 1 });
  });
});

test("formatCountLine", () => {
  expect(formatCountLine({ passed: 12, failed: 0 })).toBe("12 passed, 0 failed");
});
