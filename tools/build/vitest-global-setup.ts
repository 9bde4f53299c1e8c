// Runs once before any suite, for `npm test` and `npx vitest run …` alike:
// suites spawn the bins, and the bins run the bundles, so those must match
// the sources under test.
import { buildIfStale, describeOutcome } from "./build-if-stale.js";

export default async function setup(): Promise<void> {
  try {
    for (const outcome of await buildIfStale()) if (outcome.built) console.log(describeOutcome(outcome));
  } catch (error) {
    // Not fatal: the failed build removed the bundles, so exactly the tests
    // that start a bin fail (saying the bundle is missing), while suites that
    // never start one still run. In a tree others are editing, one broken
    // import elsewhere should not hide every result.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`tools/build: build failed; tests that start a bin will fail until it builds:\n${message}`);
  }
}
