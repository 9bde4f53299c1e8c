// The generated contract. Apps import from here, never from gen/ paths, so a
// file moving inside proto/ touches only this list.

export * from "./gen/acp/audit/v1/audit_event_pb.js";
export * from "./gen/acp/audit/v1/audit_service_pb.js";
export * from "./gen/acp/bindings/v1/binding_pb.js";
export * from "./gen/acp/bindings/v1/binding_service_pb.js";
export * from "./gen/acp/credentials/v1/credential_pb.js";
export * from "./gen/acp/credentials/v1/credential_service_pb.js";
export * from "./gen/acp/credentials/v1/kubeconfig_summary_pb.js";
export * from "./gen/acp/projects/v1/project_pb.js";
export * from "./gen/acp/projects/v1/project_service_pb.js";
export * from "./gen/acp/providers/v1/provider_spec_pb.js";
export * from "./gen/acp/providers/v1/provider_type_pb.js";
export * from "./gen/acp/sessions/v1/session_pb.js";
export * from "./gen/acp/sessions/v1/session_service_pb.js";
export * from "./gen/acp/users/v1/user_pb.js";
export * from "./gen/acp/users/v1/user_service_pb.js";
export * from "./gen/google/rpc/error_details_pb.js";
export * from "./gen/grpc/health/v1/health_pb.js";
