import { describe, expect, it } from "vitest";
import { decodePemData } from "./pem.js";

const certificate = ["CERTIFICATE"];

function block(label: string, body = "QUJD"): string {
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function encode(text: string): string {
  return Buffer.from(text).toString("base64");
}

describe("decodePemData", () => {
  it("needs the padded form for the unpadded case below to mean anything", () => {
    expect(encode(`${block("CERTIFICATE")}xy`)).toMatch(/=$/);
  });

  it("splits a bundle into blocks and ignores text around them, as Go does", () => {
    const bundle = `subject=CN=a\n${block("CERTIFICATE", "QQ==")}\r\ncomment\n${block("CERTIFICATE", "Qg==")}`;
    const result = decodePemData(encode(bundle), certificate);
    expect(result.ok && result.blocks.map((b) => b.pem)).toEqual([
      block("CERTIFICATE", "QQ=="),
      block("CERTIFICATE", "Qg=="),
    ]);
    expect(result.ok && result.base64).toBe(encode(bundle));
  });

  it("accepts base64 wrapped over lines and gives it back on one line", () => {
    const wrapped = encode(block("CERTIFICATE")).replace(/(.{16})/g, "$1\n");
    const result = decodePemData(wrapped, certificate);
    expect(result.ok && result.base64).toBe(encode(block("CERTIFICATE")));
  });

  it.each([
    ["not base64", "not base64!", /not valid base64/],
    ["unpadded base64", encode(`${block("CERTIFICATE")}xy`).replace(/=+$/, ""), /not valid base64/],
    ["no PEM at all", encode("hello"), /does not decode to PEM/],
    ["a BEGIN without END", encode("-----BEGIN CERTIFICATE-----\nQUJD\n"), /do not pair up/],
    ["an END without BEGIN", encode("QUJD\n-----END CERTIFICATE-----\n"), /do not pair up/],
    ["mismatched labels", encode("-----BEGIN CERTIFICATE-----\nQUJD\n-----END PRIVATE KEY-----\n"), /do not pair up/],
    ["a nested BEGIN", encode(`-----BEGIN CERTIFICATE-----\n${block("CERTIFICATE")}`), /do not pair up/],
    [
      "a key where a certificate belongs",
      encode(block("PRIVATE KEY")),
      /PEM "PRIVATE KEY" block where "CERTIFICATE" is expected/,
    ],
  ])("refuses %s", (_case, value, message) => {
    const result = decodePemData(value, certificate);
    expect(result.ok ? "" : result.message).toMatch(message);
  });

  it("stays linear on many unterminated BEGIN lines", () => {
    const hostile = encode("-----BEGIN CERTIFICATE-----\n".repeat(20_000));
    expect(decodePemData(hostile, certificate).ok).toBe(false);
  });
});
