import { AuditService } from "@acp/proto";
import type { ServiceImpl } from "@connectrpc/connect";
import type { AuditQuery, AuditStore } from "../../storage/index.js";
import { requireAdmin, requireUser } from "../auth/principal.js";
import { withFieldLimits } from "../check-request.js";
import { cutPage, pageLimit, pageStart } from "../list-page.js";
import { invalidArgument } from "../request-errors.js";
import { parseAuditFilters } from "./audit-filters.js";
import { auditEventToProto } from "./audit-to-proto.js";
import type { AuditTrail } from "./audit-trail.js";

export function createAuditService(store: AuditStore, trail: AuditTrail): ServiceImpl<typeof AuditService> {
  return withFieldLimits(AuditService, {
    async listAuditEvents(req, ctx) {
      const principal = requireUser(ctx);
      const filters = parseAuditFilters(req);
      const limit = pageLimit(req.pageSize);
      // Owners see what was done with their credentials, whoever did it; the trail's other events are admins'.
      const visibleTo: AuditQuery["visibleTo"] = principal.user.admin
        ? { all: true }
        : { credentialOwnerId: principal.user.id };
      const queryKey = JSON.stringify([visibleTo, filters]);
      const after = pageStart(req.pageToken, queryKey, "auditEvent");
      const rows = await store.list({ visibleTo, ...filters, after, limit: limit + 1 });
      const { page, nextPageToken } = cutPage(rows, limit, queryKey, (row) => ({ time: row.time, id: row.id }));
      return { events: page.map(auditEventToProto), nextPageToken };
    },

    // Not itself recorded: a record of the question would have to hold the value or its HMAC,
    // and the HMAC of a value nobody was handed is only a way to test guesses later.
    hashAuditValue(req, ctx) {
      requireAdmin(requireUser(ctx), "hash values for the audit trail");
      if (req.value === "") throw invalidArgument([{ field: "value", description: "must not be empty" }]);
      return { valueHmac: trail.hash(req.value) };
    },
  });
}
