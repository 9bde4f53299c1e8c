import { createHash } from "node:crypto";
import { parseId } from "../storage/index.js";
import { timestampRange } from "./field-limits.js";

type IdKind = Parameters<typeof parseId>[0];

// Ids are ASCII, so both stores sort them alike (keyset-page.ts relies on it); none is longer.
const idShape = /^[a-z0-9_]{1,64}$/;
const minMillis = Number(timestampRange.minSeconds) * 1000;
const maxMillis = Number(timestampRange.maxSeconds) * 1000 + 999;
type IdOf<K extends IdKind> = NonNullable<ReturnType<typeof parseId<K>>>;

/** Keyset position: rows strictly after (time, id). */
export interface PageCursor<Id extends string> {
  readonly time: Date;
  readonly id: Id;
}

/**
 * A page token is the keyset position plus a fingerprint of the query it came
 * from. Reusing a token with different filters is a client bug that would
 * silently skip rows, so it is refused instead.
 */
export function encodePageToken(cursor: PageCursor<string>, query: string): string {
  const body = JSON.stringify({ t: cursor.time.getTime(), i: cursor.id, q: fingerprint(query) });
  return Buffer.from(body, "utf8").toString("base64url");
}

export type DecodedPageToken<Id extends string> =
  | { readonly ok: true; readonly cursor: PageCursor<Id> | undefined }
  | { readonly ok: false; readonly description: string };

/** `kind` is the id kind the listed rows have; a token positioned on another kind is refused. */
export function decodePageToken<K extends IdKind>(token: string, query: string, kind: K): DecodedPageToken<IdOf<K>> {
  if (token === "") return { ok: true, cursor: undefined };
  const invalid = {
    ok: false,
    description: "is not a token from a previous response; pass next_page_token unchanged",
  } as const;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return invalid;
  }
  if (typeof body !== "object" || body === null) return invalid;
  const { t, i, q } = body as Record<string, unknown>;
  if (typeof t !== "number" || !Number.isSafeInteger(t) || typeof i !== "string" || typeof q !== "string")
    return invalid;
  // Checked although the server made the token: a client can make one too, and
  // what fails here would otherwise reach each store and fail there its own way.
  if (t < minMillis || t > maxMillis) return invalid;
  const id = parseId(kind, i);
  if (id === undefined || !idShape.test(id)) return invalid;
  if (q !== fingerprint(query)) {
    return { ok: false, description: "was issued for a different query; keep the other fields unchanged while paging" };
  }
  return { ok: true, cursor: { time: new Date(t), id: id as IdOf<K> } };
}

function fingerprint(query: string): string {
  return createHash("sha256").update(query).digest("base64url").slice(0, 16);
}
