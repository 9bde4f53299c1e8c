import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type KubeconfigResult, validateKubeconfig } from "../src/index.js";
import { loadGoodCases, maxSecretBytes } from "./corpus.js";
import { revealsSecret, secretValuesIn } from "./secret-values.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const seeds = loadGoodCases().flatMap((c) => [c.bytes, encoder.encode(c.minified)]);
const secrets = seeds.flatMap((bytes) => secretValuesIn(decoder.decode(bytes)));

const knownKeys = [
  "apiVersion",
  "kind",
  "clusters",
  "contexts",
  "users",
  "current-context",
  "name",
  "cluster",
  "user",
  "context",
  "server",
  "token",
  "namespace",
  "exec",
  "as",
  "proxy-url",
  "insecure-skip-tls-verify",
  "certificate-authority-data",
  "client-certificate-data",
  "client-key-data",
  "tokenFile",
  "preferences",
  "extensions",
  "<<",
];
const trickyValues = [
  "",
  "~",
  "null",
  "true",
  "yes",
  "0o17",
  "1e3",
  "[]",
  "{}",
  "[[[[",
  "}}",
  "&a x",
  "*a",
  "!!binary AAAA",
  "!tag x",
  "|",
  ">-",
  "'unterminated",
  '"\\u0000"',
  "- - - - x",
  "? ? ?",
  "---",
  "...",
  "#",
  "http://plain.example.com",
  "https://",
  "\t",
  "\u2028",
  "\uFEFF",
  "sha256~x",
];

type Mutation =
  | { readonly kind: "flip-byte"; readonly at: number; readonly value: number }
  | { readonly kind: "delete-line"; readonly at: number }
  | { readonly kind: "duplicate-line"; readonly at: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "rename-key"; readonly at: number; readonly key: string }
  | { readonly kind: "replace-value"; readonly at: number; readonly value: string };

const position = fc.nat({ max: 1_000_000 });
const yamlValue = fc.oneof(
  fc.constantFrom(...trickyValues),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? "null"),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip-byte" as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete-line" as const), at: position }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: position }),
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({
    kind: fc.constant("rename-key" as const),
    at: position,
    key: fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 })),
  }),
  fc.record({ kind: fc.constant("replace-value" as const), at: position, value: yamlValue }),
);

function editLines(bytes: Uint8Array, at: number, edit: (lines: string[], index: number) => void): Uint8Array {
  const lines = decoder.decode(bytes).split("\n");
  edit(lines, at % lines.length);
  return encoder.encode(lines.join("\n"));
}

function mutate(bytes: Uint8Array, change: Mutation): Uint8Array {
  switch (change.kind) {
    case "flip-byte": {
      if (bytes.length === 0) return bytes;
      const copy = Uint8Array.from(bytes);
      copy[change.at % copy.length] = change.value;
      return copy;
    }
    case "truncate":
      return bytes.slice(0, change.at % (bytes.length + 1));
    case "delete-line":
      return editLines(bytes, change.at, (lines, index) => lines.splice(index, 1));
    case "duplicate-line":
      return editLines(bytes, change.at, (lines, index) => lines.splice(index, 0, lines[index] ?? ""));
    case "rename-key":
      return editLines(bytes, change.at, (lines, index) => {
        lines[index] = (lines[index] ?? "").replace(/^(\s*-?\s*)[^:\s]+:/, `$1${change.key}:`);
      });
    case "replace-value":
      return editLines(bytes, change.at, (lines, index) => {
        lines[index] = (lines[index] ?? "").replace(/:( .*)?$/, `: ${change.value}`);
      });
  }
}

function checkShape(result: KubeconfigResult, allowInsecure: boolean): void {
  if (result.ok) {
    // Whatever was accepted minifies to a fixed point.
    const again = validateKubeconfig(result.minified, { maxBytes: maxSecretBytes, allowInsecure });
    expect(again.ok && again.minified).toBe(result.minified);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(problem.path).not.toBe("");
    expect(problem.message).not.toBe("");
    expect(revealsSecret(problem.message, secrets)).toBe(false);
  }
}

describe("validateKubeconfig on mutated good files", () => {
  it("never throws and always returns a usable result or explained problems", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (seedIndex, changes, allowInsecure) => {
          const input = changes.reduce(mutate, seeds[seedIndex] ?? new Uint8Array());
          checkShape(validateKubeconfig(input, { maxBytes: maxSecretBytes, allowInsecure }), allowInsecure);
        },
      ),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 600) },
    );
  });
});
