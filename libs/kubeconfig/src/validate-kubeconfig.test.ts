import { describe, expect, it } from "vitest";
import { loadGoodCases, maxSecretBytes } from "../test/corpus.js";
import { validateKubeconfig } from "./validate-kubeconfig.js";

const goodCases = loadGoodCases();
const options = { maxBytes: maxSecretBytes, allowInsecure: false };

function good(name: string): Uint8Array {
  const found = goodCases.find((c) => c.name === name);
  if (!found) throw new Error(`no good case ${name}`);
  return found.bytes;
}

describe("validateKubeconfig", () => {
  it("never throws, whatever a caller passes", () => {
    const odd: unknown[] = [
      undefined,
      null,
      42,
      {},
      [],
      Symbol("x"),
      new Uint16Array(3),
      "\u0000",
      "a".repeat(2_000_000),
    ];
    for (const input of odd) {
      const result = validateKubeconfig(input as string, options);
      expect(result.ok).toBe(false);
    }
    for (const maxBytes of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      expect(validateKubeconfig(good("json-form"), { maxBytes, allowInsecure: false }).ok).toBe(false);
    }
  });

  it("applies the size cap to the exact byte count", () => {
    const bytes = good("client-certificate");
    expect(validateKubeconfig(bytes, { maxBytes: bytes.length, allowInsecure: false }).ok).toBe(true);
    expect(validateKubeconfig(bytes, { maxBytes: bytes.length - 1, allowInsecure: false }).ok).toBe(false);
  });

  it("gives JSON and its URL-safe base64 the same result", () => {
    expect(validateKubeconfig(good("base64-url-json"), options)).toEqual(
      validateKubeconfig(good("json-form"), options),
    );
  });

  it("loosens only the transport rules under allowInsecure", () => {
    const text = Buffer.from(good("openshift-oc-login"))
      .toString("utf8")
      .replace("    token:", "    exec: {command: oc}\n    token:");
    const result = validateKubeconfig(text, { ...options, allowInsecure: true });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(["users[0].user.exec"]);
  });

  it("keeps the selected context instead of current-context, as kubectl's --context does", () => {
    const file = good("multi-cluster-second-current");
    const current = validateKubeconfig(file, options);
    const prod = validateKubeconfig(file, { ...options, context: "prod" });
    if (!current.ok || !prod.ok) throw new Error("the corpus file should validate");
    expect(current.summary.contextName).not.toBe("prod");
    expect(prod.summary).toMatchObject({ contextName: "prod", clusterName: "prod", userName: "prod-reader" });
    expect(prod.minified).toMatch(/^current-context: prod$/m);
    // Without an option the result is what it always was.
    expect(validateKubeconfig(file, { ...options, context: undefined })).toEqual(current);
  });

  it("needs no current-context when a context is selected, and names a missing one", () => {
    const text = Buffer.from(good("multi-cluster-second-current"))
      .toString("utf8")
      .replace(/^current-context: .*$/m, "");
    expect(validateKubeconfig(text, options).ok).toBe(false);
    expect(validateKubeconfig(text, { ...options, context: "dev" }).ok).toBe(true);
    expect(validateKubeconfig(text, { ...options, context: "nope" })).toEqual({
      ok: false,
      problems: [{ path: "contexts", message: 'has no context named "nope"' }],
    });
  });
});
