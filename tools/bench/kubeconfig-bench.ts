// Measures @acp/kubeconfig on a typical upload and on the two hostile inputs it
// must refuse cheaply, each against JSON.parse of a same-size JSON document in
// the same run, so the ratios stay comparable on a shared, noisy machine.
import { performance } from "node:perf_hooks";
import { type KubeconfigOptions, validateKubeconfig } from "@acp/kubeconfig";
import { generateInput, loadBadCases, loadGoodCases, maxSecretBytes } from "@acp/kubeconfig/test-corpus";

const validationOptions: KubeconfigOptions = { maxBytes: maxSecretBytes, allowInsecure: false };

interface Case {
  readonly label: string;
  readonly input: string;
  readonly expectOk: boolean;
  /** JSON of about the same size, for the JSON.parse baseline. */
  readonly json: string;
  readonly iterations: number;
}

interface Entry {
  readonly name: string;
  readonly server: string;
  readonly token: string;
}

const fixtureCa = (() => {
  const minified = loadGoodCases().find((c) => c.name === "client-certificate")?.minified ?? "";
  return /certificate-authority-data: (\S+)/.exec(minified)?.[1] ?? "";
})();

const jwt = [
  Buffer.from(JSON.stringify({ alg: "RS256", kid: "bench" })).toString("base64url"),
  Buffer.from(
    JSON.stringify({
      iss: "https://kubernetes.default.svc",
      sub: "system:serviceaccount:ci:deployer",
      exp: 1_893_456_000,
    }),
  ).toString("base64url"),
  Buffer.alloc(256, 7).toString("base64url"),
].join(".");

const entries: Entry[] = [
  {
    name: "dev",
    server: "https://api.dev.example.com:6443",
    token: "sha256~dev0dev1dev2dev3dev4dev5dev6dev7dev8dev9abc",
  },
  { name: "staging", server: "https://api.staging.example.com:6443", token: jwt },
  {
    name: "prod",
    server: "https://api.prod.example.com:6443",
    token: "sha256~prod0prod1prod2prod3prod4prod5prod6prod7",
  },
  { name: "qa", server: "https://api.qa.example.com:6443", token: jwt },
];

/** A multi-cluster file as `oc login` to several clusters leaves it. */
function typicalConfig(): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: entries.map((e) => ({
      name: e.name,
      cluster: { server: e.server, "certificate-authority-data": fixtureCa },
    })),
    contexts: entries.map((e) => ({
      name: e.name,
      context: { cluster: e.name, user: `${e.name}-user`, namespace: "web" },
    })),
    "current-context": "staging",
    users: entries.map((e) => ({ name: `${e.name}-user`, user: { token: e.token } })),
  };
}

function isNonEmptyCollection(value: unknown): value is object {
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

/** Block-style YAML, as kubectl writes it, for maps and lists of plain strings. */
function toYaml(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    // The item's first line follows the dash; its other lines line up after it.
    return value.map((item) => `${indent}- ${toYaml(item, `${indent}  `).trimStart()}`).join("");
  }
  return Object.entries(value as object)
    .map(([key, field]) => {
      if (!isNonEmptyCollection(field)) return `${indent}${key}: ${typeof field === "object" ? "{}" : String(field)}\n`;
      const childIndent = Array.isArray(field) ? indent : `${indent}  `;
      return `${indent}${key}:\n${toYaml(field, childIndent)}`;
    })
    .join("");
}

function paddedJson(bytes: number): string {
  return JSON.stringify({ padding: "x".repeat(Math.max(0, bytes - 16)) });
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}

const typical = typicalConfig();
const bomb = text(loadBadCases().find((c) => c.name === "yaml-bomb")?.bytes ?? new Uint8Array());
const oversize = text(generateInput({ recipe: "oversize", bytes: 5 * 1024 * 1024 }));

const cases: Case[] = [
  { label: "validate 5KB", input: toYaml(typical), expectOk: true, json: JSON.stringify(typical), iterations: 2_000 },
  { label: "reject YAML bomb", input: bomb, expectOk: false, json: paddedJson(bomb.length), iterations: 2_000 },
  { label: "reject 5 MiB", input: oversize, expectOk: false, json: paddedJson(oversize.length), iterations: 50 },
];

let sink = 0;

/** Milliseconds per call over a fixed number of calls, after a short warm-up. */
function msPerOp(iterations: number, run: () => unknown): number {
  for (let i = 0; i < Math.min(iterations, 20); i++) run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) sink += run() === undefined ? 0 : 1;
  return (performance.now() - start) / iterations;
}

function formatMs(ms: number): string {
  return ms >= 1 ? ms.toFixed(2) : ms.toPrecision(2);
}

function formatRatio(ratio: number): string {
  if (ratio >= 100) return Math.round(ratio).toLocaleString("en-US");
  return ratio >= 1 ? ratio.toFixed(1) : ratio.toPrecision(2);
}

function formatRate(ms: number): string {
  return Math.round(1000 / ms).toLocaleString("en-US");
}

console.log(`@acp/kubeconfig bench, node ${process.version}`);
for (const c of cases) {
  const first = validateKubeconfig(c.input, validationOptions);
  if (first.ok !== c.expectOk) {
    console.error(
      `${c.label}: expected ok=${c.expectOk}, got ${JSON.stringify(first.ok ? first.summary : first.problems)}`,
    );
    process.exit(1);
  }
  const validateMs = msPerOp(c.iterations, () => validateKubeconfig(c.input, validationOptions));
  const jsonMs = msPerOp(c.iterations, () => JSON.parse(c.json));
  const bytes = (value: string) => Buffer.byteLength(value).toLocaleString("en-US");
  const size = `${bytes(c.input)} B vs ${bytes(c.json)} B JSON`;
  console.log(
    `${c.label}: ${formatRate(validateMs)} ops/s (${formatMs(validateMs)} ms/op) = ${formatRatio(validateMs / jsonMs)}x JSON.parse` +
      ` [JSON.parse ${formatRate(jsonMs)} ops/s, ${formatMs(jsonMs)} ms/op; ${size}; ${c.iterations} iterations]`,
  );
}
if (sink === 0) console.log("(no results)");
