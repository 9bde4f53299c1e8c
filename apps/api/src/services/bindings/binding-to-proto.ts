import { AgentTargetSchema, type Binding, BindingSchema, BindingTier, GlobalTargetSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { BindingRecord } from "../../storage/index.js";

export function bindingToProto(binding: BindingRecord): Binding {
  return create(BindingSchema, {
    id: binding.id,
    credentialId: binding.credentialId,
    provider: binding.provider,
    creatorId: binding.creatorId,
    createTime: timestampFromDate(binding.createTime),
    tier: binding.target.tier,
    target: targetToProto(binding),
  });
}

function targetToProto({ target }: BindingRecord): Binding["target"] {
  switch (target.tier) {
    case BindingTier.SESSION:
      return { case: "sessionId", value: target.sessionId };
    case BindingTier.AGENT:
      return { case: "agent", value: create(AgentTargetSchema, { projectId: target.projectId, agent: target.agent }) };
    case BindingTier.PROJECT:
      return { case: "projectId", value: target.projectId };
    case BindingTier.GLOBAL:
      return { case: "global", value: create(GlobalTargetSchema) };
  }
}
