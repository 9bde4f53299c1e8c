import { describe, expect, it } from "vitest";
import { decodeInput } from "./decode-input.js";

const yaml = "apiVersion: v1\nkind: Config\n";

function decoded(input: string | Uint8Array, maxBytes = 1024): string | undefined {
  const result = decodeInput(input, maxBytes);
  return result.ok ? result.text : undefined;
}

describe("decodeInput", () => {
  it("passes YAML and JSON text through", () => {
    expect(decoded(yaml)).toBe(yaml);
    expect(decoded('{"kind": "Config"}')).toBe('{"kind": "Config"}');
    expect(decoded(new TextEncoder().encode(yaml))).toBe(yaml);
  });

  it("unwraps standard, URL-safe, unpadded and line-wrapped base64", () => {
    const standard = Buffer.from(yaml).toString("base64");
    expect(decoded(standard)).toBe(yaml);
    expect(decoded(Buffer.from(yaml).toString("base64url"))).toBe(yaml);
    expect(decoded(standard.replace(/=+$/, ""))).toBe(yaml);
    expect(decoded(`  ${standard.match(/.{1,8}/g)?.join("\r\n")}\n`)).toBe(yaml);
  });

  it("strips a byte order mark, also inside base64", () => {
    expect(decoded(`\uFEFF${yaml}`)).toBe(yaml);
    expect(decoded(Buffer.from(`\uFEFF${yaml}`).toString("base64"))).toBe(yaml);
  });

  it("enforces the cap in UTF-8 bytes of the raw input, inclusively", () => {
    expect(decoded("a: b", 4)).toBe("a: b");
    expect(decodeInput("a: bc", 4)).toMatchObject({ ok: false, problem: { path: "(document)" } });
    // "é" is one UTF-16 unit but two UTF-8 bytes.
    expect(decodeInput("a: é", 4).ok).toBe(false);
    expect(decodeInput(new Uint8Array(5), 4).ok).toBe(false);
    // The cap applies before base64 decoding, so the encoding cannot smuggle in more.
    expect(decodeInput(Buffer.from("a: b").toString("base64"), 7).ok).toBe(false);
  });

  it("refuses invalid UTF-8, base64 of binary, lone surrogates and empty input", () => {
    expect(decoded(Uint8Array.from([0x61, 0x3a, 0x20, 0xff]))).toBeUndefined();
    expect(decoded(Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString("base64"))).toBeUndefined();
    expect(decoded("a: \uD800")).toBeUndefined();
    expect(decoded(" \n\t")).toBeUndefined();
    expect(decoded("abc=def")).toBeUndefined();
  });
});
