// The bundle's Headers (tools/build/bundles.ts injects this module in place of
// the global there). Node 20's own Headers lives in its bundled undici, which
// node compiles and runs on first use: 20-23 ms of every acpctl start, the
// largest single cost of `credential list`, for a map of a few strings.
// Connect creates Headers for every call and error; nothing in acpctl hands
// them to fetch or undici, which would want their own class.
//
// The Fetch standard's semantics that callers can observe: names are
// case-insensitive and iterate lowercased and sorted; values are trimmed;
// get() joins repeated values with ", "; set-cookie values stay separate in
// iteration and getSetCookie(); an invalid name or value throws TypeError.

type Init = ConstructorParameters<typeof globalThis.Headers>[0];

const tokenName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTTP whitespace around a value is dropped; NUL, CR and LF inside it are refused.
const edgeWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const forbiddenInValue = /[\0\r\n]/;

export class LightHeaders implements globalThis.Headers {
  readonly #values = new Map<string, string[]>();

  constructor(init?: Init) {
    if (init === undefined || init === null) return;
    if (typeof init !== "object") throw new TypeError("Headers: init must be an object");
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly string[]>) {
        if (pair.length !== 2) throw new TypeError("Headers: each init pair must be [name, value]");
        this.append(pair[0]!, pair[1]!);
      }
    } else {
      for (const [name, value] of Object.entries(init)) this.append(name, String(value));
    }
  }

  append(name: string, value: string): void {
    const [key, normalized] = checked(name, value);
    const existing = this.#values.get(key);
    if (existing === undefined) this.#values.set(key, [normalized]);
    else existing.push(normalized);
  }

  set(name: string, value: string): void {
    const [key, normalized] = checked(name, value);
    this.#values.set(key, [normalized]);
  }

  delete(name: string): void {
    this.#values.delete(checkedName(name));
  }

  get(name: string): string | null {
    return this.#values.get(checkedName(name))?.join(", ") ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(checkedName(name));
  }

  getSetCookie(): string[] {
    return [...(this.#values.get("set-cookie") ?? [])];
  }

  forEach(callback: (value: string, key: string, parent: globalThis.Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const key of [...this.#values.keys()].sort()) {
      const values = this.#values.get(key)!;
      if (key === "set-cookie") for (const value of values) yield [key, value];
      else yield [key, values.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return "Headers";
  }
}

function checkedName(name: string): string {
  const text = String(name);
  if (!tokenName.test(text)) throw new TypeError(`Headers: invalid header name ${JSON.stringify(text)}`);
  return text.toLowerCase();
}

function checked(name: string, value: string): [string, string] {
  const key = checkedName(name);
  const normalized = String(value).replace(edgeWhitespace, "");
  // The value is never quoted: it may be a token.
  if (forbiddenInValue.test(normalized)) throw new TypeError(`Headers: invalid value for header ${key}`);
  return [key, normalized];
}

export { LightHeaders as Headers };
