import { posix } from "node:path";
import ts from "typescript";

export interface ImportRef {
  specifier: string;
  line: number;
}

export function isScriptPath(path: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(path);
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

// The module a node names, for every form that couples two files: a type-only
// import erases at runtime but still ties the importer to the other layer's
// shape, so `import type`, `export type … from` and `typeof import("x")` count
// as much as a value import does.
function importedSpecifier(node: ts.Node): string | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return literalText(node.moduleSpecifier);
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    return literalText(node.moduleReference.expression);
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    return literalText(node.arguments[0]);
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) return literalText(node.argument.literal);
  return undefined;
}

// Parses rather than greps, so an import spelled inside a string or a comment
// (a fixture, a code sample) is not mistaken for one the file makes.
export function findImports(file: string, source: string): ImportRef[] {
  // No script kind given: TypeScript infers it from the file name, as tsc does.
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    const specifier = importedSpecifier(node);
    if (specifier !== undefined) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      refs.push({ specifier, line: line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

// Package specifiers (`@acp/proto`, `node:fs`) go through package exports,
// which these rules leave to the packages themselves.
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

// Under NodeNext a specifier names the emitted file, which TypeScript maps back
// to the source beside it; what is written is all there is, with no extension
// guessing and no folder index lookup.
const sourcesForEmitted: Record<string, readonly string[]> = {
  ".js": [".ts", ".tsx", ".d.ts", ".js"],
  ".jsx": [".tsx", ".jsx"],
  ".mjs": [".mts", ".d.mts", ".mjs"],
  ".cjs": [".cts", ".d.cts", ".cjs"],
};

// The repo-relative file a relative specifier reaches, or undefined when no
// file in `files` is what NodeNext would load.
export function resolveRelative(importer: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(importer), specifier));
  if (target.startsWith("../") || specifier.endsWith("/")) return undefined;
  const ext = posix.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  const candidates = sourcesForEmitted[ext]?.map((e) => stem + e) ?? [target];
  return candidates.find((c) => files.has(c));
}
