import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { listRepoFiles } from "./repo-files.js";

export interface LiteralHit {
  file: string;
  line: number;
  literal: string;
}

const scriptKinds: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

function scriptKind(path: string): ts.ScriptKind | undefined {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? undefined : scriptKinds[path.slice(dot)];
}

// Generated code legitimately spells out the registry, and tests and fixtures
// need concrete providers to exercise it; everywhere else a provider must be
// looked up through the registry so adding one stays a proto-only change.
export function isScannedPath(path: string): boolean {
  if (scriptKind(path) === undefined) return false;
  const parts = path.split("/");
  const base = parts[parts.length - 1] ?? "";
  if (/\.test\.[cm]?[jt]sx?$/.test(base)) return false;
  return !parts.slice(0, -1).some((p) => p === "gen" || p === "test" || p === "fixtures");
}

// Parses rather than greps, so comments and identifiers that merely contain a
// short name (e.g. the kubeconfig library) do not trip the gate, while every
// quote style does: 'x', "x" and `x` (a template without substitutions).
export function findProviderLiterals(file: string, source: string, shortNames: readonly string[]): LiteralHit[] {
  const names = new Set(shortNames.map((n) => n.toLowerCase()));
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKind(file) ?? ts.ScriptKind.TS);
  const hits: LiteralHit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (names.has(node.text.toLowerCase())) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        hits.push({ file, line: line + 1, literal: node.getText(sf) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

// Every scanned file under apps/ and libs/ that a commit could contain.
export function scanRepoForProviderLiterals(root: string, shortNames: readonly string[]): LiteralHit[] {
  return listRepoFiles(root, ["apps", "libs"])
    .filter(isScannedPath)
    .flatMap((f) => findProviderLiterals(f, readFileSync(join(root, f), "utf8"), shortNames));
}
