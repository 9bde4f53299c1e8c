import type { Kysely } from "kysely";
import type { AuditEventRecord, AuditQuery, NewAuditEvent } from "./access-records.js";
import { auditEventToColumns, toAuditEventRecord } from "./access-row-mapping.js";
import type { AuditStore } from "./access-store.js";
import type { AuditRowWriter } from "./audit-rows.js";
import type { Database } from "./database-schema.js";
import { newAuditEventId } from "./ids.js";
import { keysetPage } from "./keyset-page.js";
import { guarded } from "./map-database-error.js";

export class KyselyAuditStore implements AuditStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly rowWriter: AuditRowWriter,
  ) {}

  append(events: readonly NewAuditEvent[]): Promise<readonly AuditEventRecord[]> {
    return guarded("audit.append", async () => {
      if (events.length === 0) return [];
      const rows = events.map((event) => auditEventToColumns(newAuditEventId(), event));
      await this.rowWriter.write(rows);
      return events.map((event, i) => ({ ...event, id: rows[i]!.id }));
    });
  }

  list(query: AuditQuery): Promise<AuditEventRecord[]> {
    return guarded("audit.list", async () => {
      if (query.limit <= 0) return [];
      let select = this.db.selectFrom("audit_events").selectAll();
      const { visibleTo, principal } = query;
      if ("credentialOwnerId" in visibleTo)
        select = select.where("credential_owner_id", "=", visibleTo.credentialOwnerId);
      if (query.credentialId !== undefined) select = select.where("credential_id", "=", query.credentialId);
      if (query.sessionId !== undefined) select = select.where("session_id", "=", query.sessionId);
      if (principal !== undefined) {
        select =
          "userId" in principal
            ? select.where("principal_user_id", "=", principal.userId)
            : select.where("principal_session_id", "=", principal.sessionId);
      }
      if (query.valueHmac !== undefined) select = select.where("value_hmac", "=", query.valueHmac);
      if (query.startTime !== undefined) select = select.where("time", ">=", query.startTime.getTime());
      if (query.endTime !== undefined) select = select.where("time", "<", query.endTime.getTime());
      const after = query.after && { time: query.after.time.getTime(), id: query.after.id };
      const rows = await keysetPage(select, { time: "time", id: "id" }, after, query.limit).execute();
      return rows.map(toAuditEventRecord);
    });
  }
}
