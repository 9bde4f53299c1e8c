import { describe, expect, it } from "vitest";
import { validateKubeconfig } from "../src/index.js";
import { loadBadCases, loadGoodCases, maxSecretBytes } from "./corpus.js";
import { revealsSecret, secretValuesIn } from "./secret-values.js";

describe("problem messages", () => {
  it("never show a secret from a bad corpus file", () => {
    for (const c of loadBadCases()) {
      const secrets = secretValuesIn(Buffer.from(c.bytes).toString("utf8"));
      const result = validateKubeconfig(c.bytes, c.options);
      const messages = result.ok ? [] : result.problems.map((problem) => problem.message);
      expect(
        messages.filter((message) => revealsSecret(message, secrets)),
        c.name,
      ).toEqual([]);
    }
  });

  it("never show a secret when a good file breaks on the secret's own line", () => {
    for (const c of loadGoodCases()) {
      const text = Buffer.from(c.minified).toString("utf8");
      const secrets = secretValuesIn(text);
      expect(secrets.length, c.name).toBeGreaterThan(0);
      // A second colon after every secret makes each of those lines a syntax error.
      const broken = text.replace(/^(\s*(token|client-key-data|certificate-authority-data): .*)$/gm, "$1: oops");
      const result = validateKubeconfig(broken, { maxBytes: maxSecretBytes, allowInsecure: true });
      expect(result.ok ? [] : result.problems.map((problem) => problem.path), c.name).toContain("(document)");
      const messages = result.ok ? [] : result.problems.map((problem) => problem.message);
      expect(
        messages.filter((message) => revealsSecret(message, secrets)),
        c.name,
      ).toEqual([]);
    }
  });
});
