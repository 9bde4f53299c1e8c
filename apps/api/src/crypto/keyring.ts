import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, link, mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Keys that seal credential secrets, and the key of the audit trail. On disk:
 *   {"active": "<key id>", "keys": {"<key id>": "<base64 of 32 bytes>"}, "audit": "<base64 of 32 bytes>"}
 * Old keys stay in the file until `keys reencrypt` has moved every secret off them.
 */
export interface Keyring {
  /** Id of the key that seals new secrets. */
  readonly active: string;
  /** Every key that may have sealed a stored secret, by id; 32 bytes each. */
  readonly keys: Readonly<Record<string, Uint8Array>>;
  /**
   * The key of the audit trail's HMACs of the values handed out; 32 bytes.
   * Never one of `keys`: searching the trail must not need a key that decrypts
   * secrets. It is not rotated with them, since a new audit key leaves every
   * earlier record unsearchable.
   */
  readonly audit: Uint8Array;
}

/** A keyring that cannot be used. Messages name the file and the problem, never key material. */
export class KeyringError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KeyringError";
  }
}

export const keyBytes = 32;
// Key ids are stored beside every secret and bound into its associated data,
// so keep them short and printable.
const keyIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const missingAuditKey =
  'has no "audit" key; add "audit": "<base64 of 32 random bytes>" beside "keys", ' +
  "from `openssl rand -base64 32` (a new value, not one of the keys): it keys the audit trail's HMACs of secrets handed out";
// Far above any real keyring; stops a mistaken path from reading a huge file.
const maxKeyringBytes = 1 << 20;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// A mistyped keyring can put key material where a name belongs (say, a key
// used as an id), so only short id-like names are ever echoed.
function quoted(name: string, fallback: string): string {
  return keyIdPattern.test(name) && name.length <= 32 ? JSON.stringify(name) : fallback;
}

/** Validates keyring JSON; `source` names where it came from in error messages. */
export function parseKeyring(json: string, source: string): Keyring {
  const fail = (problem: string): never => {
    throw new KeyringError(`keyring ${source}: ${problem}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // Deliberately no cause: V8's parse errors quote the input, which is key material.
    return fail("is not valid JSON");
  }
  if (!isPlainObject(parsed)) return fail('must be a JSON object {"active": ..., "keys": {...}, "audit": ...}');
  for (const field of Object.keys(parsed)) {
    if (field !== "active" && field !== "keys" && field !== "audit") {
      fail(`unknown field ${quoted(field, "(name not shown)")}; expected only "active", "keys" and "audit"`);
    }
  }
  const { active, keys, audit } = parsed;
  if (typeof active !== "string" || active === "") return fail('"active" must be a non-empty key id string');
  if (!isPlainObject(keys)) return fail('"keys" must be an object mapping key ids to base64 keys');
  const entries = Object.entries(keys);
  if (entries.length === 0) return fail('"keys" is empty');

  const decoded: Array<[string, Uint8Array]> = [];
  for (const [index, [id, value]] of entries.entries()) {
    const name = quoted(id, `#${index + 1} in "keys"`);
    if (!keyIdPattern.test(id)) {
      fail(
        `key id ${name} must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit`,
      );
    }
    decoded.push([id, decodeKey(value, `key ${name}`, fail)]);
  }
  if (!Object.hasOwn(keys, active)) fail(`active key ${quoted(active, "(id not shown)")} is not among "keys"`);
  if (audit === undefined) return fail(missingAuditKey);
  const auditKey = decodeKey(audit, '"audit"', fail);
  if (decoded.some(([, key]) => Buffer.from(key.buffer, key.byteOffset, key.byteLength).equals(auditKey))) {
    fail('"audit" must be a key of its own, not one of "keys"; make one with `openssl rand -base64 32`');
  }
  // fromEntries defines own properties, so no key id can reach a prototype.
  return { active, keys: Object.fromEntries(decoded), audit: auditKey };
}

/** 32 bytes from base64 text; `what` names the key in messages, which never quote the value. */
function decodeKey(value: unknown, what: string, fail: (problem: string) => never): Uint8Array {
  if (typeof value !== "string" || !base64Pattern.test(value) || value.length % 4 !== 0) {
    fail(`${what} must be a base64 string`);
  }
  const bytes = Buffer.from(value as string, "base64");
  try {
    if (bytes.length !== keyBytes) fail(`${what} must decode to ${keyBytes} bytes, not ${bytes.length}`);
    return new Uint8Array(bytes);
  } finally {
    bytes.fill(0);
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/**
 * Reads and validates a keyring file. Refuses one that group or others could
 * read or write: a leaked keyring decrypts every stored secret.
 */
export async function loadKeyring(path: string): Promise<Keyring> {
  let handle: FileHandle;
  try {
    // Symbolic links are followed on purpose: mounted secret volumes are links to the real file.
    handle = await open(path, "r");
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") throw new KeyringError(`keyring file ${path} does not exist`);
    if (code === "EACCES") throw new KeyringError(`keyring file ${path} is not readable by this user`);
    throw new KeyringError(`cannot open keyring file ${path} (${code ?? "unknown error"})`, { cause: error });
  }
  try {
    // fstat the open file, not the path, so the mode checked is the mode of what is read.
    const info = await handle.stat();
    if (!info.isFile()) throw new KeyringError(`keyring file ${path} is not a regular file`);
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
      throw new KeyringError(
        `keyring file ${path} has mode ${mode}, so group or others can access it; run \`chmod 600 ${path}\``,
      );
    }
    if (info.size > maxKeyringBytes)
      throw new KeyringError(`keyring file ${path} is larger than ${maxKeyringBytes} bytes`);
    const bytes = await handle.readFile();
    try {
      return parseKeyring(bytes.toString("utf8"), `file ${path}`);
    } finally {
      bytes.fill(0);
    }
  } finally {
    await handle.close();
  }
}

function keyringJson(keyId: string, key: Buffer, audit: Buffer): string {
  const keyring = { active: keyId, keys: { [keyId]: key.toString("base64") }, audit: audit.toString("base64") };
  return `${JSON.stringify(keyring, null, 2)}\n`;
}

/**
 * Writes a keyring with one fresh random key and a fresh audit key at `path`,
 * mode 0600, unless a file is already there. Returns whether it created one.
 * The file appears whole or not at all, and a keyring created concurrently is
 * never replaced.
 */
export async function createDevKeyring(path: string): Promise<boolean> {
  try {
    await stat(path);
    return false;
  } catch (error) {
    if (errnoCode(error) !== "ENOENT") throw new KeyringError(`cannot inspect keyring path ${path}`, { cause: error });
  }
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const key = randomBytes(keyBytes);
  const audit = randomBytes(keyBytes);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.chmod(0o600); // in case a umask removed owner bits
    await handle.writeFile(keyringJson(`dev-${randomBytes(4).toString("hex")}`, key, audit));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  } finally {
    key.fill(0);
    audit.fill(0);
  }
  await handle.close();
  try {
    // link() fails if the target exists, unlike rename(), so a racing creator keeps its key.
    await link(temp, path);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    // No hard links on this filesystem: fall back to rename after one more check.
    try {
      await stat(path);
      return false;
    } catch {
      await rename(temp, path);
      return true;
    }
  } finally {
    await unlink(temp).catch(() => {});
  }
}
