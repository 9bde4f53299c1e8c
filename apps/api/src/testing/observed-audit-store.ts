// Test support: the real audit store, watched and breakable.
import type { AuditStore } from "../storage/index.js";

export interface ObservedAuditStore extends AuditStore {
  /** How many events every append so far carried, in order, failed ones included. */
  readonly batchSizes: readonly number[];
  /** While set, every append fails as an unreachable database would, writing nothing. */
  failAppends(failing: boolean): void;
}

export function observeAuditStore(inner: AuditStore): ObservedAuditStore {
  const batchSizes: number[] = [];
  let failing = false;
  return {
    batchSizes,
    failAppends: (value) => {
      failing = value;
    },
    append(events) {
      batchSizes.push(events.length);
      if (failing) return Promise.reject(new Error("connection refused (the test made the audit store fail)"));
      return inner.append(events);
    },
    list: (query) => inner.list(query),
  };
}
