// The subset of vitest's JSON reporter output the count line needs.
export interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: { status: string; assertionResults?: { status: string }[] }[];
}

export interface RunOutcome {
  // Parsed .cache/vitest-results.json, or undefined when vitest wrote none.
  results: VitestJson | undefined;
  typecheckFailed: boolean;
  vitestExitCode: number;
}

export interface Counts {
  passed: number;
  failed: number;
}

// Counts from vitest's numPassedTests/numFailedTests, plus one failure for each
// thing that failed without failing a test: a test file that did not load (it
// has no tests to fail), the typecheck step, or vitest exiting non-zero anyway
// (e.g. an unhandled error). So "0 failed" always means the run was green.
export function countTests(outcome: RunOutcome): Counts {
  const { results } = outcome;
  if (!results) return { passed: 0, failed: 1 };
  const brokenFiles = (results.testResults ?? []).filter(
    (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
  ).length;
  let failed = results.numFailedTests + brokenFiles + (outcome.typecheckFailed ? 1 : 0);
  if (failed === 0 && outcome.vitestExitCode !== 0) failed = 1;
  return { passed: results.numPassedTests, failed };
}

export function formatCountLine({ passed, failed }: Counts): string {
  return `${passed} passed, ${failed} failed`;
}
