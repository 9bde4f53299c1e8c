// A binding's target as columns: the tier with the ids it needs, and one
// canonical key so that "this credential is bound here already" is a plain
// unique constraint on (credential_id, target_key) whatever the tier.
import { BindingTier } from "@acp/proto";
import type { Selectable } from "kysely";
import type { BindingTarget, SessionScope } from "./access-records.js";
import type { BindingsTable } from "./database-schema.js";

type StoredTarget = Selectable<Pick<BindingsTable, "tier" | "project_id" | "agent" | "session_id" | "target_key">>;

/**
 * Keys cannot collide across tiers (each has its own prefix) or within one:
 * ids never contain "/", so whatever follows the project id is the agent.
 */
export function targetKey(target: BindingTarget): string {
  switch (target.tier) {
    case BindingTier.SESSION:
      return `s:${target.sessionId}`;
    case BindingTier.AGENT:
      return `a:${target.projectId}/${target.agent}`;
    case BindingTier.PROJECT:
      return `p:${target.projectId}`;
    case BindingTier.GLOBAL:
      return "g:";
  }
}

export function targetToColumns(target: BindingTarget): StoredTarget {
  const key = targetKey(target);
  switch (target.tier) {
    case BindingTier.SESSION:
      return {
        tier: target.tier,
        project_id: target.projectId,
        agent: "",
        session_id: target.sessionId,
        target_key: key,
      };
    case BindingTier.AGENT:
      return {
        tier: target.tier,
        project_id: target.projectId,
        agent: target.agent,
        session_id: null,
        target_key: key,
      };
    case BindingTier.PROJECT:
      return { tier: target.tier, project_id: target.projectId, agent: "", session_id: null, target_key: key };
    case BindingTier.GLOBAL:
      return { tier: target.tier, project_id: null, agent: "", session_id: null, target_key: key };
  }
}

export function targetFromColumns(row: Omit<StoredTarget, "target_key">): BindingTarget {
  const { tier, project_id: projectId, session_id: sessionId, agent } = row;
  // bindings_target_check guarantees these shapes; a row outside them is corruption.
  if (tier === BindingTier.SESSION && sessionId !== null && projectId !== null) return { tier, sessionId, projectId };
  if (tier === BindingTier.AGENT && projectId !== null && agent !== "") return { tier, projectId, agent };
  if (tier === BindingTier.PROJECT && projectId !== null) return { tier, projectId };
  if (tier === BindingTier.GLOBAL) return { tier };
  throw new TypeError("binding row holds no valid target");
}

/**
 * Whether a binding applies to the session: the rule listForSession selects
 * by. A session binding keeps its session's project, so every binding that
 * applies to a session of a project is one of that project's or a global one.
 */
export function appliesToSession(target: BindingTarget, scope: SessionScope): boolean {
  switch (target.tier) {
    case BindingTier.SESSION:
      return target.sessionId === scope.id;
    case BindingTier.AGENT:
      return target.projectId === scope.projectId && target.agent === scope.agent;
    case BindingTier.PROJECT:
      return target.projectId === scope.projectId;
    case BindingTier.GLOBAL:
      return true;
  }
}
