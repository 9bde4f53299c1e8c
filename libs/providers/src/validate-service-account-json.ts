import { createPrivateKey } from "node:crypto";
import { noSummary, type SecretValidation, secretProblem } from "./secret-validation.js";

const pemPrivateKey = /^-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1-----$/;

/**
 * Checks a service-account key file. The secret is stored verbatim, not
 * re-serialized: the runner writes it to a file that client libraries read,
 * and the original is what the user can compare against.
 */
export function validateServiceAccountJson(secret: string): SecretValidation {
  let document: unknown;
  try {
    document = JSON.parse(secret);
  } catch (error) {
    // The parser's own message quotes the offending input; keep only the offset.
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    return secretProblem(`secret is not valid JSON${position === undefined ? "" : ` (error at offset ${position})`}`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return secretProblem("secret must be a JSON object (a service-account key file)");
  }
  const key = document as Record<string, unknown>;
  const problems: string[] = [];
  if (key["type"] !== "service_account") {
    problems.push('secret is not a service-account key: its "type" must be "service_account"');
  }
  if (!isNonEmptyString(key["client_email"])) {
    problems.push('secret has no "client_email"; a service-account key carries the account\'s email');
  }
  const privateKey = key["private_key"];
  if (!isNonEmptyString(privateKey)) {
    problems.push('secret has no "private_key"');
  } else if (!isReadablePemPrivateKey(privateKey)) {
    problems.push('secret\'s "private_key" is not a complete, unencrypted PEM private key');
  }
  return problems.length === 0 ? { ok: true, secret, summary: noSummary } : { ok: false, problems };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

// The shape check alone would accept a key cut short while copying; parsing
// it catches that at upload instead of when a session first authenticates.
function isReadablePemPrivateKey(pem: string): boolean {
  if (!pemPrivateKey.test(pem.trim())) return false;
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}
