import { expect, test } from "vitest";
import { checkImportLayers, formatFinding } from "./import-layers.js";
import { layerTable } from "./layer-rules.js";
import { repoRoot } from "./repo-root.js";

test("the layer table places at least one app", () => {
  // Guards the gate itself: with an empty table only faces would be checked.
  expect(Object.keys(layerTable).length).toBeGreaterThan(0);
});

test("imports respect each app's layers and each folder's index.ts", () => {
  const report = checkImportLayers(repoRoot).map(formatFinding);
  expect(report, `import layer and face findings:\n${report.join("\n")}`).toEqual([]);
});
