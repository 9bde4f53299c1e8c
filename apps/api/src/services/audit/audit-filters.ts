import type { ListAuditEventsRequest } from "@acp/proto";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type AuditQuery, parseId } from "../../storage/index.js";
import { type FieldViolation, throwIfViolations } from "../request-errors.js";

export type AuditFilters = Pick<
  AuditQuery,
  "credentialId" | "sessionId" | "principal" | "valueHmac" | "startTime" | "endTime"
>;

const hmacPattern = /^[0-9a-fA-F]{64}$/;

/** The request's filters as a query narrows by them; every bad field is named at once. */
export function parseAuditFilters(req: ListAuditEventsRequest): AuditFilters {
  const violations: FieldViolation[] = [];
  const bad = (field: string, description: string) => {
    violations.push({ field, description });
    return undefined;
  };
  const optional = <T>(text: string, parse: (text: string) => T | undefined, field: string, description: string) =>
    text === "" ? undefined : (parse(text) ?? bad(field, description));

  const filters: AuditFilters = {
    credentialId: optional(
      req.credentialId,
      (t) => parseId("credential", t),
      "credential_id",
      "must be a credential id (cred_…)",
    ),
    sessionId: optional(req.sessionId, (t) => parseId("session", t), "session_id", "must be a session id (ses_…)"),
    principal: optional(
      req.principal,
      parsePrincipal,
      "principal",
      "must be a user id (usr_…) or a session id (ses_…)",
    ),
    // HashAuditValue answers lowercase hex; an uppercased copy still finds its events.
    valueHmac: optional(
      req.valueHmac,
      (t) => (hmacPattern.test(t) ? t.toLowerCase() : undefined),
      "value_hmac",
      "must be 64 hex characters, as HashAuditValue answers",
    ),
    startTime: req.startTime && timestampDate(req.startTime),
    endTime: req.endTime && timestampDate(req.endTime),
  };
  if (filters.startTime && filters.endTime && filters.endTime <= filters.startTime) {
    bad("end_time", "must be after start_time");
  }
  throwIfViolations(violations);
  return filters;
}

function parsePrincipal(text: string): AuditQuery["principal"] {
  const userId = parseId("user", text);
  if (userId) return { userId };
  const sessionId = parseId("session", text);
  return sessionId && { sessionId };
}
