import { readFileSync } from "node:fs";
import { join } from "node:path";
import { faceBypassed, facedFolders } from "./folder-faces.js";
import { findImports, isRelativeSpecifier, isScriptPath, resolveRelative } from "./import-graph.js";
import { appSrcOf, type LayerTable, layerTable, layerViolation, placeFile } from "./layer-rules.js";
import { listRepoFiles } from "./repo-files.js";

export interface ImportFinding {
  file: string;
  line: number;
  message: string;
}

export function formatFinding(f: ImportFinding): string {
  return `${f.file}:${f.line}: ${f.message}`;
}

const tableFile = "tools/checks/layer-rules.ts";

// Files the table cannot place: an app missing from it entirely (named once, at
// its first file) and files of a listed app outside every layer (each named).
function placementFindings(scripts: readonly string[], table: LayerTable): ImportFinding[] {
  const findings: ImportFinding[] = [];
  const unlistedApps = new Set<string>();
  for (const file of scripts) {
    const app = appSrcOf(file);
    if (app === undefined) continue;
    if (table[app] === undefined) {
      if (!unlistedApps.has(app)) {
        unlistedApps.add(app);
        findings.push({ file, line: 1, message: `${app} is not in the layer table; add its layers to ${tableFile}` });
      }
      continue;
    }
    const placed = placeFile(file, table);
    if (placed?.placement.kind === "unplaced") {
      findings.push({
        file,
        line: 1,
        message: `${placed.placement.name} is not in a layer; add it to a layer folder or to the table in ${tableFile}`,
      });
    }
  }
  return findings;
}

// What every file's imports are checked against, built once per run.
interface RepoView {
  files: ReadonlySet<string>;
  table: LayerTable;
  faced: ReadonlySet<string>;
}

function importFindings(file: string, source: string, { files, table, faced }: RepoView): ImportFinding[] {
  const findings: ImportFinding[] = [];
  const from = placeFile(file, table);
  for (const { specifier, line } of findImports(file, source)) {
    if (!isRelativeSpecifier(specifier)) continue;
    const target = resolveRelative(file, specifier, files);
    if (target === undefined) {
      // An import the check cannot follow is one it cannot vouch for.
      const message = `"${specifier}" resolves to no file; NodeNext needs the .js extension, and a folder needs /index.js`;
      findings.push({ file, line, message });
      continue;
    }
    const to = placeFile(target, table);
    const layerMessage =
      from && to && from.app === to.app ? layerViolation(file, from.placement, to.placement) : undefined;
    if (layerMessage !== undefined) findings.push({ file, line, message: layerMessage });
    const folder = faceBypassed(file, target, faced);
    if (folder !== undefined) {
      findings.push({
        file,
        line,
        message: `imports ${target} past its folder's face; import ${folder} through its index.ts`,
      });
    }
  }
  return findings;
}

// Every script under apps/, libs/ and tools/ that a commit could contain:
// layers are checked inside each app, faces wherever an import comes from.
export function checkImportLayers(root: string, table: LayerTable = layerTable): ImportFinding[] {
  const files = listRepoFiles(root, ["apps", "libs", "tools"]);
  const view: RepoView = { files: new Set(files), table, faced: facedFolders(files) };
  const scripts = files.filter(isScriptPath);
  const findings = [
    ...placementFindings(scripts, table),
    ...scripts.flatMap((f) => importFindings(f, readFileSync(join(root, f), "utf8"), view)),
  ];
  return findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
