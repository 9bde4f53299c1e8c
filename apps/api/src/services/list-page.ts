import { decodePageToken, encodePageToken, type PageCursor } from "./page-token.js";
import { invalidArgument } from "./request-errors.js";

const defaultPageSize = 100;
const maxPageSize = 1000;

/** The page size a list request asked for: 0 means the default; out of range is InvalidArgument. */
export function pageLimit(requested: number): number {
  if (requested < 0 || requested > maxPageSize) {
    throw invalidArgument([{ field: "page_size", description: `must be between 0 and ${maxPageSize}` }]);
  }
  return requested || defaultPageSize;
}

/** The position a page token holds, checked against the query it must come from. */
export function pageStart<K extends Parameters<typeof decodePageToken>[2]>(token: string, query: string, kind: K) {
  const decoded = decodePageToken(token, query, kind);
  if (!decoded.ok) throw invalidArgument([{ field: "page_token", description: decoded.description }]);
  return decoded.cursor;
}

/**
 * Cuts one page from rows fetched with limit + 1, so whether another page
 * exists is known without a second query.
 */
export function cutPage<T>(rows: readonly T[], limit: number, query: string, cursorOf: (row: T) => PageCursor<string>) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextPageToken = rows.length > limit && last !== undefined ? encodePageToken(cursorOf(last), query) : "";
  return { page, nextPageToken };
}
