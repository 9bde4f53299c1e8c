// Test support: read the audit trail straight from the store, past every visibility rule.
import type { AuditEventRecord, AuditQuery, AuditStore } from "../storage/index.js";

/** A query for every event (tests hold far fewer than 10000), oldest first. */
export const everyAuditEvent: AuditQuery = {
  visibleTo: { all: true },
  credentialId: undefined,
  sessionId: undefined,
  principal: undefined,
  valueHmac: undefined,
  startTime: undefined,
  endTime: undefined,
  after: undefined,
  limit: 10_000,
};

/** Every stored event, optionally narrowed. */
export function storedAuditEvents(store: AuditStore, narrow: Partial<AuditQuery> = {}): Promise<AuditEventRecord[]> {
  return store.list({ ...everyAuditEvent, ...narrow });
}
