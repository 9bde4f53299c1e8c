import { type Command, InvalidArgumentError } from "commander";

// The server's largest page: fewer round trips when listing everything.
const maxPageSize = 1000;

/** One page of a List RPC's answer, whatever the repeated field is called. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string;
}

/**
 * Everything a paged List RPC holds, page after page, or the first `limit`
 * items when a limit is given (asking for no more than are still wanted).
 */
export async function collectPages<T>(
  fetchPage: (pageSize: number, pageToken: string) => Promise<Page<T>>,
  limit?: number,
): Promise<T[]> {
  const all: T[] = [];
  let pageToken = "";
  do {
    const wanted = limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - all.length);
    const page = await fetchPage(wanted, pageToken);
    all.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== "" && (limit === undefined || all.length < limit));
  return all.slice(0, limit);
}

/** `--limit N` on a list command; the lists answer oldest first. */
export function addLimitOption(command: Command, what: string): void {
  command.option("--limit <n>", `at most N ${what}, oldest first`, positiveInteger);
}

export function limitOf(opts: Readonly<Record<string, unknown>>): number | undefined {
  return opts["limit"] as number | undefined;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError("expected a whole number of at least 1");
  }
  return n;
}
