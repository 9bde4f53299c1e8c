import { maxEmailLength, maxUrlBytes, providers } from "@acp/providers";
import type { TextLimit } from "./text-limit.js";

// Every bound a request's fields are held to, declared once. check-request.ts
// applies them to every request before any handler runs, and the handlers and
// commands that validate a field themselves read their bound from here.

/** The bounds, by the kind of value a field holds. */
export const limits = {
  // Names travel in URLs, CLI arguments and file names, so they stay in a small
  // alphabet; 63 matches a DNS label, which users already know.
  name: {
    max: 63,
    unit: "characters",
    characters: "line",
    pattern: {
      test: /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/,
      description:
        "must be 1 to 63 characters of a-z, 0-9, '.', '_' or '-', starting and ending with a letter or digit",
    },
  },
  /** An id, or a name where the field takes either: ids are at most 31 characters, names 63. */
  reference: { max: 64, unit: "characters", characters: "line" },
  description: { max: 1024, unit: "characters", characters: "text" },
  tokenDescription: { max: 256, unit: "characters", characters: "text" },
  labelKey: {
    max: 63,
    unit: "characters",
    characters: "line",
    pattern: {
      test: /^[a-z0-9](?:[a-z0-9._/-]{0,61}[a-z0-9])?$/,
      description: "must be 1 to 63 characters of a-z, 0-9, '.', '_', '/' or '-'",
    },
  },
  labelValue: { max: 256, unit: "characters", characters: "line" },
  /** Tokens this server issues are about 110 characters. */
  pageToken: { max: 512, unit: "characters", characters: "line" },
  maskPath: { max: 64, unit: "characters", characters: "line" },
  /** @acp/providers holds the url's bound, so the CLI's local check refuses what the API refuses. */
  url: { max: maxUrlBytes, unit: "bytes", characters: "line" },
  email: { max: maxEmailLength, unit: "characters", characters: "line" },
  /** The largest any provider takes; each provider's own, smaller bound is checked with the secret. */
  secret: { max: Math.max(...providers.all().map((p) => p.maxSecretBytes)), unit: "bytes", characters: "opaque" },
  valueHmac: { max: 64, unit: "characters", characters: "line" },
} as const satisfies Record<string, TextLimit>;

export const maxLabels = 64;
/** More than every updatable path, each spelled both ways. */
export const maxMaskPaths = 16;

/**
 * google.protobuf.Timestamp's own range, 0001-01-01 to 9999-12-31 UTC: every
 * store holds it, and a JavaScript Date holds all of it.
 */
export const timestampRange = { minSeconds: -62_135_596_800n, maxSeconds: 253_402_300_799n } as const;
/** google.protobuf.Duration's own range, about 10,000 years either way. */
export const maxDurationSeconds = 315_576_000_000n;

/** What one request field is held to. Fields of scalar kinds other than string need none. */
export type FieldRule =
  | { readonly kind: "text"; readonly limit: TextLimit }
  | { readonly kind: "labels" }
  | { readonly kind: "mask" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "duration" }
  /** A message whose own fields have an entry in requestFieldLimits. */
  | { readonly kind: "message" };

const text = (limit: TextLimit): FieldRule => ({ kind: "text", limit });
const name = text(limits.name);
const ref = text(limits.reference);
const pageToken = text(limits.pageToken);
const labels: FieldRule = { kind: "labels" };
const mask: FieldRule = { kind: "mask" };
const timestamp: FieldRule = { kind: "timestamp" };
const message: FieldRule = { kind: "message" };
/** What a credential is made of, in a create and in an update alike. */
const credentialFields = {
  name,
  secret: text(limits.secret),
  url: text(limits.url),
  email: text(limits.email),
  description: text(limits.description),
  labels,
};

/**
 * Each request message's fields, by proto name. A request field that needs a
 * rule and has none stops the server from starting (and fails
 * field-limits.test.ts), so a new field cannot arrive unbounded.
 */
export const requestFieldLimits: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  "acp.credentials.v1.CreateCredentialRequest": credentialFields,
  "acp.credentials.v1.GetCredentialRequest": { id: ref, name },
  "acp.credentials.v1.ListCredentialsRequest": { page_token: pageToken },
  "acp.credentials.v1.UpdateCredentialRequest": { id: ref, update_mask: mask, ...credentialFields },
  "acp.credentials.v1.DeleteCredentialRequest": { id: ref },
  "acp.credentials.v1.GetCredentialSecretRequest": { id: ref },

  "acp.users.v1.CreateUserRequest": { name },
  "acp.users.v1.CreateApiTokenRequest": { user_id: ref, description: text(limits.tokenDescription) },
  "acp.users.v1.ListApiTokensRequest": { user_id: ref },
  "acp.users.v1.RevokeApiTokenRequest": { id: ref },

  "acp.audit.v1.ListAuditEventsRequest": {
    credential_id: ref,
    session_id: ref,
    principal: ref,
    start_time: timestamp,
    end_time: timestamp,
    value_hmac: text(limits.valueHmac),
    page_token: pageToken,
  },
  // The value is usually a secret, looked up by its HMAC; it is never stored.
  "acp.audit.v1.HashAuditValueRequest": { value: text(limits.secret) },

  "acp.projects.v1.CreateProjectRequest": { name, description: text(limits.description), owner_id: ref },
  "acp.projects.v1.GetProjectRequest": { id: ref },
  "acp.projects.v1.ListProjectsRequest": { page_token: pageToken },
  "acp.projects.v1.DeleteProjectRequest": { id: ref },
  "acp.projects.v1.AddProjectMemberRequest": { project_id: ref, user_id: ref },
  "acp.projects.v1.RemoveProjectMemberRequest": { project_id: ref, user_id: ref },
  "acp.projects.v1.ListProjectMembersRequest": { project_id: ref },

  "acp.bindings.v1.CreateBindingRequest": {
    credential_id: ref,
    session_id: ref,
    project_id: ref,
    agent: message,
    global: message,
  },
  "acp.bindings.v1.AgentTarget": { project_id: ref, agent: name },
  "acp.bindings.v1.ListBindingsRequest": {
    credential_id: ref,
    session_id: ref,
    project_id: ref,
    page_token: pageToken,
  },
  "acp.bindings.v1.DeleteBindingRequest": { id: ref },

  "acp.sessions.v1.CreateSessionRequest": { project_id: ref, name, agent: name, ttl: { kind: "duration" } },
  "acp.sessions.v1.GetSessionRequest": { id: ref },
  "acp.sessions.v1.ListSessionsRequest": { project_id: ref, page_token: pageToken },
  "acp.sessions.v1.EndSessionRequest": { id: ref },
  "acp.sessions.v1.GetSessionCredentialsRequest": { session_id: ref },
  "acp.sessions.v1.WatchSessionCredentialsRequest": { session_id: ref },
};
