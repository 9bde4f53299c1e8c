import { expect, test } from "vitest";
import { scanRepoForProviderLiterals } from "./provider-literal-scan.js";
import { providerShortNames } from "./provider-short-names.js";
import { repoRoot } from "./repo-root.js";

test("the registry yields short names to check for", () => {
  // Guards the gate itself: with no names it would pass vacuously.
  expect(providerShortNames().length).toBeGreaterThan(0);
});

test("no provider short name is hard-coded in apps/ or libs/", () => {
  const hits = scanRepoForProviderLiterals(repoRoot, providerShortNames());
  const report = hits.map((h) => `${h.file}:${h.line}: ${h.literal}`).join("\n");
  expect(
    hits,
    `look providers up through the registry (ProviderType options in proto), not by literal:\n${report}`,
  ).toEqual([]);
});
