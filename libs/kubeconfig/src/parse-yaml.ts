import { Composer, type Document, LineCounter, Parser, type YAMLError } from "yaml";
import { documentPath } from "./config-path.js";
import { exceedsNestingDepth } from "./cst-depth.js";
import { findKeyProblems } from "./duplicate-keys.js";
import { exportCommand } from "./export-command.js";
import { nestingMessage } from "./nesting-limits.js";
import type { KubeconfigProblem } from "./public-types.js";
import { maxStructuralTokens, prescanStructure } from "./structure-prescan.js";

export type ParsedYaml =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problems: KubeconfigProblem[] };

// kubectl and oc never write anchors; a handful of hand-written aliases is
// plausible, while a "billion laughs" document needs millions of expansions.
const maxAliasCount = 50;

function refuse(message: string): ParsedYaml {
  return { ok: false, problems: [{ path: documentPath, message }] };
}

/** Parses exactly one YAML (or JSON) document into plain values, within nesting and alias limits. */
export function parseYaml(text: string): ParsedYaml {
  const verdict = prescanStructure(text);
  if (verdict === "too-deep") return refuse(nestingMessage);
  if (verdict === "too-large") {
    return refuse(
      `has more than ${maxStructuralTokens} YAML entries, far more than any kubeconfig; upload the output of ${exportCommand}`,
    );
  }
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  if (exceedsNestingDepth(tokens)) return refuse(nestingMessage);

  const documents: Document.Parsed[] = [];
  // Duplicate keys are found by findKeyProblems instead of `uniqueKeys`, which
  // is quadratic; logLevel "silent" keeps the yaml package from printing warnings.
  const composer = new Composer({ uniqueKeys: false, strict: true, logLevel: "silent" });
  for (const document of composer.compose(tokens)) {
    documents.push(document);
    if (documents.length > 1) {
      return refuse("holds more than one YAML document (---); upload a single kubeconfig document");
    }
  }
  const [document] = documents;
  if (document === undefined) return refuse(`holds no YAML document; upload the output of ${exportCommand}`);

  const issues = [...document.errors, ...document.warnings];
  if (issues.length > 0) return { ok: false, problems: issues.map((issue) => describeIssue(issue, lines)) };
  const keyProblems = findKeyProblems(document.contents);
  if (keyProblems.length > 0) return { ok: false, problems: keyProblems };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: maxAliasCount }) };
  } catch (error) {
    // The yaml package signals alias abuse with a ReferenceError; its text is not shown
    // because other errors could quote the input.
    return error instanceof ReferenceError
      ? refuse(
          'expands YAML aliases too many times, as a "billion laughs" attack does; write the values out without anchors and aliases',
        )
      : refuse("could not be read as YAML; upload the file exactly as kubectl wrote it");
  }
}

function describeIssue(issue: YAMLError, lines: LineCounter): KubeconfigProblem {
  // The yaml package's own messages can quote the offending line, which may
  // hold a token, so only the error code and the position are passed on.
  const { line, col } = lines.linePos(issue.pos[0]);
  const kind = issue.name === "YAMLWarning" ? "uses YAML the validator does not accept" : "is not valid YAML";
  return {
    path: documentPath,
    message: `${kind} (${issue.code} at line ${line}, column ${col}); fix it there and upload again`,
  };
}
