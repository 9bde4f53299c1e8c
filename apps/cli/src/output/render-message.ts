import {
  file_acp_audit_v1_audit_event,
  file_acp_audit_v1_audit_service,
  file_acp_bindings_v1_binding,
  file_acp_bindings_v1_binding_service,
  file_acp_credentials_v1_credential,
  file_acp_credentials_v1_credential_service,
  file_acp_credentials_v1_kubeconfig_summary,
  file_acp_projects_v1_project,
  file_acp_projects_v1_project_service,
  file_acp_providers_v1_provider_spec,
  file_acp_providers_v1_provider_type,
  file_acp_sessions_v1_session,
  file_acp_sessions_v1_session_service,
  file_acp_users_v1_user,
  file_acp_users_v1_user_service,
} from "@acp/proto";
import { createRegistry, type DescMessage, type JsonValue, type MessageShape, toJson } from "@bufbuild/protobuf";
import { stringify } from "yaml";
import type { DataFormat } from "./output-format.js";

// Every file of the contract, so a message that someday holds an Any, or a
// new noun's command, prints without a change here.
const protoRegistry = createRegistry(
  file_acp_audit_v1_audit_event,
  file_acp_audit_v1_audit_service,
  file_acp_bindings_v1_binding,
  file_acp_bindings_v1_binding_service,
  file_acp_credentials_v1_credential,
  file_acp_credentials_v1_credential_service,
  file_acp_credentials_v1_kubeconfig_summary,
  file_acp_projects_v1_project,
  file_acp_projects_v1_project_service,
  file_acp_providers_v1_provider_spec,
  file_acp_providers_v1_provider_type,
  file_acp_sessions_v1_session,
  file_acp_sessions_v1_session_service,
  file_acp_users_v1_user,
  file_acp_users_v1_user_service,
);

/** The message's canonical proto JSON, the same the Connect API answers with. */
export function messageJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
  return toJson(schema, message, { registry: protoRegistry });
}

/** JSON or YAML of data that is already JSON-shaped; both end with a newline. */
export function renderData(data: JsonValue, format: DataFormat): string {
  // The yaml library's default would wrap long strings, such as a provider's help, across lines.
  return format === "json" ? `${JSON.stringify(data, null, 2)}\n` : stringify(data, { lineWidth: 0 });
}

export function renderMessage<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  format: DataFormat,
): string {
  return renderData(messageJson(schema, message), format);
}
