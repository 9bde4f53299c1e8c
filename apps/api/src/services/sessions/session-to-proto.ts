import { type Session, SessionSchema, SessionState } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { BoundCredential, SessionRecord } from "../../storage/index.js";
import type { SessionResolution } from "./resolve-session.js";

/** A session past its expiry is over for its runner, whatever the row says. */
export function isLive(session: SessionRecord, now: Date): boolean {
  return session.state === SessionState.RUNNING && session.expireTime.getTime() > now.getTime();
}

export function sessionToProto(session: SessionRecord, now: Date, resolution?: SessionResolution): Session {
  const winner = ({ binding, credential }: BoundCredential) => ({
    provider: credential.provider,
    credentialId: credential.id,
    credentialName: credential.name,
    bindingId: binding.id,
    tier: binding.target.tier,
  });
  return create(SessionSchema, {
    id: session.id,
    projectId: session.projectId,
    name: session.name,
    agent: session.agent,
    state: isLive(session, now) ? SessionState.RUNNING : SessionState.ENDED,
    creatorId: session.creatorId,
    createTime: timestampFromDate(session.createTime),
    expireTime: timestampFromDate(session.expireTime),
    ...(session.endTime ? { endTime: timestampFromDate(session.endTime) } : {}),
    resolved: resolution?.chosen.map(winner) ?? [],
    excluded:
      resolution?.excluded.map(({ candidate, winner: won, reason }) => ({
        bindingId: candidate.binding.id,
        credentialId: candidate.credential.id,
        provider: candidate.credential.provider,
        tier: candidate.binding.target.tier,
        winnerBindingId: won.binding.id,
        reason,
      })) ?? [],
  });
}
