import { randomBytes } from "node:crypto";

// RFC 4648 base32, lower case: URL-safe, case-insensitive-friendly, and 26
// characters carry a full 128 bits so ids are unguessable as well as unique.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

function randomBase32(bytes: number): string {
  const input = randomBytes(bytes);
  let output = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of input) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) output += ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

function newId(prefix: string): string {
  return `${prefix}_${randomBase32(16)}`;
}

export function newUserId(): string {
  return newId("usr");
}

export function newApiTokenId(): string {
  return newId("tok");
}

/** The service mints credential ids itself because the id is sealed into the secret before insert. */
export function newCredentialId(): string {
  return newId("cred");
}
