import { AuditAction } from "@acp/proto";
import type { SessionRecord } from "../../storage/index.js";
import type { AuditFacts } from "../audit/audit-trail.js";
import type { SessionSnapshot } from "./read-session.js";

/** One secret-read record per credential a runner is handed. */
export function secretReads(snapshot: SessionSnapshot, session: SessionRecord): AuditFacts[] {
  return snapshot.resolution.chosen.map(({ credential }, i) => ({
    action: AuditAction.SECRET_READ,
    credential: { id: credential.id, ownerId: credential.ownerId, provider: credential.provider },
    valueHmac: snapshot.valueHmacs[i]!,
    sessionId: session.id,
    projectId: session.projectId,
  }));
}
