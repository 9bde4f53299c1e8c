import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KubeconfigOptions, KubeconfigSummary } from "../src/index.js";
import { generateInput, type InputRecipe } from "./generate-input.js";

export { tokenKubeconfig } from "./token-kubeconfig.js";
export { generateInput, type InputRecipe };

/** The provider's max secret size, which is the cap the service validates with. */
export const maxSecretBytes = 1_048_576;

export interface BadCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expectedPaths: readonly string[];
  readonly options: KubeconfigOptions;
}

export interface GoodCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly minified: string;
  readonly summary: KubeconfigSummary;
  readonly options: KubeconfigOptions;
}

/** expected.json of a bad case; `generate` replaces the input file. */
interface BadExpectation {
  readonly paths: string[];
  readonly allowInsecure?: boolean;
  readonly generate?: InputRecipe;
}

/** expected.json of a good case: the summary with dates as ISO strings or null. */
interface GoodExpectation {
  readonly allowInsecure?: boolean;
  readonly summary: Omit<KubeconfigSummary, "clientCertificateNotAfter" | "tokenExpiry"> & {
    readonly clientCertificateNotAfter: string | null;
    readonly tokenExpiry: string | null;
  };
}

const corpusDir = fileURLToPath(new URL("./corpus/", import.meta.url));
const expectedSuffix = ".expected.json";
const minifiedSuffix = ".minified.yaml";

function options(allowInsecure: boolean | undefined): KubeconfigOptions {
  return { maxBytes: maxSecretBytes, allowInsecure: allowInsecure ?? false };
}

function caseNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(expectedSuffix))
    .map((file) => file.slice(0, -expectedSuffix.length))
    .sort();
}

/** The one file of the case that is neither its expectation nor its expected output. */
function inputFile(dir: string, name: string): string {
  const inputs = readdirSync(dir).filter(
    (file) => file.startsWith(`${name}.`) && !file.endsWith(expectedSuffix) && !file.endsWith(minifiedSuffix),
  );
  if (inputs.length !== 1) throw new Error(`corpus case ${name} needs exactly one input file, found ${inputs.length}`);
  return join(dir, inputs[0] ?? "");
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

function optionalDate(value: string | null): Date | undefined {
  return value === null ? undefined : new Date(value);
}

export function loadBadCases(): BadCase[] {
  const dir = join(corpusDir, "bad");
  return caseNames(dir).map((name) => {
    const expected = readJson<BadExpectation>(join(dir, name + expectedSuffix));
    const bytes = expected.generate ? generateInput(expected.generate) : readFileSync(inputFile(dir, name));
    return { name, bytes, expectedPaths: expected.paths, options: options(expected.allowInsecure) };
  });
}

export function loadGoodCases(): GoodCase[] {
  const dir = join(corpusDir, "good");
  return caseNames(dir).map((name) => {
    const expected = readJson<GoodExpectation>(join(dir, name + expectedSuffix));
    const summary: KubeconfigSummary = {
      ...expected.summary,
      clientCertificateNotAfter: optionalDate(expected.summary.clientCertificateNotAfter),
      tokenExpiry: optionalDate(expected.summary.tokenExpiry),
    };
    return {
      name,
      bytes: readFileSync(inputFile(dir, name)),
      minified: readFileSync(join(dir, name + minifiedSuffix), "utf8"),
      summary,
      options: options(expected.allowInsecure),
    };
  });
}
