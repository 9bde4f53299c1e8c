import { randomBytes, randomFillSync } from "node:crypto";

// RFC 4648 base32, lower case: URL-safe, case-insensitive-friendly, and 26
// characters carry a full 128 bits so ids are unguessable as well as unique.
const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
// The same 32 characters in the order ASCII sorts them, for ids that must sort as their bits do.
const sortedAlphabet = "234567abcdefghijklmnopqrstuvwxyz";

function randomBase32(bytes: number): string {
  return base32(randomBytes(bytes), alphabet);
}

function base32(input: Uint8Array, alphabet: string): string {
  let output = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of input) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      output += alphabet[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) output += alphabet[(buffer << (5 - bits)) & 31];
  return output;
}

// Ids carry their kind in the type as well as in the text, so an id of one
// kind cannot be passed where another is expected (getByName(ownerId, name)
// with its arguments swapped no longer compiles).
export type UserId = `usr_${string}`;
export type ApiTokenId = `tok_${string}`;
export type CredentialId = `cred_${string}`;
export type ProjectId = `prj_${string}`;
export type SessionId = `ses_${string}`;
export type BindingId = `bnd_${string}`;
export type AuditEventId = `aud_${string}`;

const prefixes = {
  user: "usr_",
  apiToken: "tok_",
  credential: "cred_",
  project: "prj_",
  session: "ses_",
  binding: "bnd_",
  auditEvent: "aud_",
} as const;

/** Every id prefix; names may not start with one, so a name can never be read as an id. */
export const idPrefixes: readonly string[] = Object.values(prefixes);
type IdKind = keyof typeof prefixes;
type IdOf<K extends IdKind> = `${(typeof prefixes)[K]}${string}`;

function newId<K extends IdKind>(kind: K): IdOf<K> {
  return `${prefixes[kind]}${randomBase32(16)}` as IdOf<K>;
}

export function newUserId(): UserId {
  return newId("user");
}

export function newApiTokenId(): ApiTokenId {
  return newId("apiToken");
}

/** The service mints credential ids itself because the id is sealed into the secret before insert. */
export function newCredentialId(): CredentialId {
  return newId("credential");
}

export function newProjectId(): ProjectId {
  return newId("project");
}

export function newSessionId(): SessionId {
  return newId("session");
}

export function newBindingId(): BindingId {
  return newId("binding");
}

/**
 * Audit event ids sort by when they were made: 48 bits of milliseconds, then
 * 80 random bits, in the sorted alphabet. The trail only ever appends, and
 * random keys would scatter every batch over the whole primary-key index (on
 * SQLite, about one page written per record at each commit); these go to its
 * end. 80 random bits still keep them unique and unguessable.
 */
export function newAuditEventId(nowMillis: number = Date.now()): AuditEventId {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(nowMillis, 0, 6);
  takeRandom(bytes, 6);
  return `${prefixes.auditEvent}${base32(bytes, sortedAlphabet)}`;
}

// Every secret read makes an audit id, and one call into the CSPRNG costs more
// than the 10 bytes it yields: they are drawn from a pool filled 4 KB at a time.
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

/** Fills `into` from `offset` to its end with random bytes, each handed out once. */
function takeRandom(into: Buffer, offset: number): void {
  const wanted = into.length - offset;
  if (poolUsed + wanted > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  pool.copy(into, offset, poolUsed, poolUsed + wanted);
  poolUsed += wanted;
}

/**
 * Narrows text from a request to an id of the given kind. Only the prefix is
 * checked: an id of the right kind that names nothing is the store's NotFound.
 */
export function parseId<K extends IdKind>(kind: K, text: string): IdOf<K> | undefined {
  return text.startsWith(prefixes[kind]) && text.length > prefixes[kind].length ? (text as IdOf<K>) : undefined;
}
