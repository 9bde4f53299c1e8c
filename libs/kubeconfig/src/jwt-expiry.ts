import { asRecord, fieldValue } from "./read-field.js";

const base64urlSegment = /^[A-Za-z0-9_-]+$/;

/**
 * The `exp` claim of a JWT, read without verifying the signature: it only
 * tells the user when the token stops working, it grants nothing.
 */
export function jwtExpiry(token: string): Date | undefined {
  const segments = token.split(".");
  if (segments.length !== 3 || !segments.every((segment) => base64urlSegment.test(segment))) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(segments[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const record = asRecord(claims);
  const exp = record && fieldValue(record, "exp");
  if (typeof exp !== "number" || !Number.isFinite(exp)) return undefined;
  const expiry = new Date(exp * 1000);
  return Number.isNaN(expiry.getTime()) ? undefined : expiry;
}
