import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validateServiceAccountJson } from "./validate-service-account-json.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const keyBody = pem.split("\n")[1] ?? "";

function keyFile(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      type: "service_account",
      project_id: "demo-project",
      private_key_id: "0123456789abcdef",
      private_key: pem,
      client_email: "runner@demo-project.iam.gserviceaccount.com",
      ...overrides,
    },
    null,
    2,
  );
}

function problems(secret: string): readonly string[] {
  const result = validateServiceAccountJson(secret);
  if (result.ok) throw new Error("expected a rejection");
  for (const problem of result.problems) {
    expect(problem).not.toContain(keyBody.slice(0, 16));
    expect(problem).not.toContain("demo-project");
  }
  return result.problems;
}

describe("validateServiceAccountJson", () => {
  it("accepts a key file and stores it byte for byte", () => {
    const secret = `${keyFile()}\n`;
    expect(validateServiceAccountJson(secret)).toEqual({ ok: true, secret, summary: { case: undefined } });
  });

  it("accepts a PKCS#1 RSA key", () => {
    const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    expect(validateServiceAccountJson(keyFile({ private_key: pkcs1 })).ok).toBe(true);
  });

  it("rejects invalid JSON without quoting it", () => {
    const [problem] = problems('{"type": "service_account", demo-project}');
    expect(problem).toMatch(/^secret is not valid JSON( \(error at offset \d+\))?$/);
  });

  it.each([["[]"], ["null"], ['"demo-project"'], ["42"]])("rejects the non-object %s", (secret) => {
    expect(problems(secret)).toEqual(["secret must be a JSON object (a service-account key file)"]);
  });

  it("rejects another kind of credential file, listing every missing field", () => {
    expect(problems(JSON.stringify({ type: "authorized_user", client_id: "demo-project" }))).toEqual([
      'secret is not a service-account key: its "type" must be "service_account"',
      'secret has no "client_email"; a service-account key carries the account\'s email',
      'secret has no "private_key"',
    ]);
  });

  it.each([
    ["an empty string", ""],
    ["a number", 7],
  ])("rejects client_email as %s", (_, clientEmail) => {
    expect(problems(keyFile({ client_email: clientEmail }))).toEqual([
      'secret has no "client_email"; a service-account key carries the account\'s email',
    ]);
  });

  it.each([
    ["a truncated key", pem.slice(0, 200) + pem.slice(-30)],
    ["a public key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg==\n-----END PUBLIC KEY-----\n"],
    ["mismatched armour", pem.replace("END PRIVATE KEY", "END RSA PRIVATE KEY")],
    ["a body with garbage", pem.replace(keyBody, `${keyBody.slice(0, 20)}!!${keyBody.slice(22)}`)],
    [
      "an encrypted key",
      privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }).toString(),
    ],
    ["a bare base64 body", keyBody],
  ])("rejects %s as private_key", (_, key) => {
    expect(problems(keyFile({ private_key: key }))).toEqual([
      'secret\'s "private_key" is not a complete, unencrypted PEM private key',
    ]);
  });
});
