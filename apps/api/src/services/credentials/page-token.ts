import { createHash } from "node:crypto";
import { type CredentialCursor, parseId } from "../../storage/index.js";

/**
 * A page token is the keyset position plus a fingerprint of the query it came
 * from. Reusing a token with different filters is a client bug that would
 * silently skip rows, so it is refused instead.
 */
export function encodePageToken(cursor: CredentialCursor, query: string): string {
  const body = JSON.stringify({ t: cursor.createTime.getTime(), i: cursor.id, q: fingerprint(query) });
  return Buffer.from(body, "utf8").toString("base64url");
}

export type DecodedPageToken =
  | { readonly ok: true; readonly cursor: CredentialCursor | undefined }
  | { readonly ok: false; readonly description: string };

export function decodePageToken(token: string, query: string): DecodedPageToken {
  if (token === "") return { ok: true, cursor: undefined };
  const invalid = { ok: false, description: "is not a token from a previous response; pass next_page_token unchanged" } as const;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return invalid;
  }
  if (typeof body !== "object" || body === null) return invalid;
  const { t, i, q } = body as Record<string, unknown>;
  if (typeof t !== "number" || !Number.isSafeInteger(t) || typeof i !== "string" || typeof q !== "string") return invalid;
  const id = parseId("credential", i);
  if (id === undefined) return invalid;
  if (q !== fingerprint(query)) {
    return { ok: false, description: "was issued for a different query; keep provider and all_owners unchanged while paging" };
  }
  return { ok: true, cursor: { createTime: new Date(t), id } };
}

function fingerprint(query: string): string {
  return createHash("sha256").update(query).digest("base64url").slice(0, 16);
}
