import { BindingTierSchema, type Session, SessionState, SessionStateSchema } from "@acp/proto";
import type { ProviderRegistry } from "@acp/providers";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { age, expiry, renderTable } from "../output/index.js";
import { providerLabel } from "./credential-output.js";
import { enumLabel } from "./enum-label.js";

/** The session table: where each runs and until when its runner token works. */
export function sessionTable(sessions: readonly Session[], now: Date): string {
  return renderTable(
    ["ID", "PROJECT", "AGENT", "STATE", "EXPIRES", "AGE"],
    sessions.map((session) => [
      session.id,
      session.projectId,
      session.agent || "-",
      enumLabel(SessionStateSchema, session.state),
      // An ended session's token no longer works, whatever its expiry said.
      session.state === SessionState.ENDED ? "-" : expiry(session.expireTime && timestampDate(session.expireTime), now),
      age(session.createTime && timestampDate(session.createTime), now),
    ]),
  );
}

/**
 * What `session get` adds below the session's row: per provider, the
 * credential the session gets and the binding that gave it; then each binding
 * that applies but lost, to which binding, and why. Never a secret: the
 * Session message holds none.
 */
export function resolutionText(session: Session, registry: ProviderRegistry): string {
  const provider = (type: number) => providerLabel(registry, type);
  const tier = (value: number) => enumLabel(BindingTierSchema, value);
  const resolved =
    session.resolved.length === 0
      ? "\nNo credentials are bound to this session.\n"
      : `\nCredentials:\n${renderTable(
          ["PROVIDER", "CREDENTIAL", "TIER", "BINDING"],
          session.resolved.map((r) => [
            provider(r.provider),
            r.credentialName ? `${r.credentialName} (${r.credentialId})` : r.credentialId,
            tier(r.tier),
            r.bindingId,
          ]),
        )}`;
  if (session.excluded.length === 0) return resolved;
  const excluded = renderTable(
    ["PROVIDER", "CREDENTIAL", "TIER", "BINDING", "LOST TO", "REASON"],
    session.excluded.map((e) => [
      provider(e.provider),
      e.credentialId,
      tier(e.tier),
      e.bindingId,
      e.winnerBindingId,
      e.reason,
    ]),
  );
  return `${resolved}\nLeft out:\n${excluded}`;
}
