import { type AuditEvent, AuditEventSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AuditEventRecord } from "../../storage/index.js";

export function auditEventToProto(record: AuditEventRecord): AuditEvent {
  return create(AuditEventSchema, {
    id: record.id,
    time: timestampFromDate(record.time),
    action: record.action,
    rpc: record.rpc,
    principal:
      "userId" in record.principal
        ? { case: "principalUserId", value: record.principal.userId }
        : { case: "principalSessionId", value: record.principal.sessionId },
    credentialId: record.credentialId,
    provider: record.provider,
    outcome: record.outcome,
    peer: record.peer,
    valueHmac: record.valueHmac,
    projectId: record.projectId,
    sessionId: record.sessionId,
    bindingId: record.bindingId,
    userId: record.userId,
    apiTokenId: record.apiTokenId,
  });
}
