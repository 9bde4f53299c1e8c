import { type SelectQueryBuilder, type StringReference, sql } from "kysely";

/** A keyset position: the page holds only rows strictly after this one. */
export interface KeysetPosition {
  readonly time: number;
  readonly id: string;
}

/**
 * One page of a listing ordered by (time, id). Unlike an offset, the position
 * stays right while rows are added or removed between pages; the id breaks
 * ties between rows written in the same millisecond. Each listing has an index
 * ending in (time, id) behind its filter, so a page is one index range read.
 */
export function keysetPage<Db, Tb extends keyof Db, O>(
  query: SelectQueryBuilder<Db, Tb, O>,
  order: { readonly time: StringReference<Db, Tb>; readonly id: StringReference<Db, Tb> },
  after: KeysetPosition | undefined,
  limit: number,
): SelectQueryBuilder<Db, Tb, O> {
  const time = sql.ref(order.time);
  const id = sql.ref(order.id);
  const narrowed =
    after === undefined ? query : query.where(sql<boolean>`(${time}, ${id}) > (${after.time}, ${after.id})`);
  return narrowed.orderBy(time).orderBy(id).limit(limit);
}

/** Listing order, for rows that a statement returned in no particular order (and for tests to state it). */
export function byCreateTimeAndId(
  a: { readonly createTime: Date; readonly id: string },
  b: { readonly createTime: Date; readonly id: string },
): number {
  // Ids are ASCII, so code-unit order is the byte order both backends sort ids in.
  return a.createTime.getTime() - b.createTime.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
