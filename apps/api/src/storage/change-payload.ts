// The text a Change travels as in a PostgreSQL NOTIFY. Any connection to the
// database can LISTEN and NOTIFY on any channel, so a payload is untrusted
// input: decoding checks every field and answers undefined, never throws.
import { BindingTier } from "@acp/proto";
import type { BindingTarget } from "./access-records.js";
import type { Change } from "./change-notifier.js";

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const maxPayloadBytes = 7999;

// Bumped when the shape changes, so replicas of different versions during a
// rolling upgrade ignore what they cannot read instead of misreading it. A new
// kind needs no bump: an older replica already ignores a kind it does not know.
const payloadVersion = 1;

// Ids are a prefix and 26 base32 characters; 64 leaves room without letting a
// payload grow. Agents are names (validate-name.ts) or DNS labels: 63 at most.
const idSuffix = /^[a-z0-9]{1,64}$/;
const agentPattern = /^[A-Za-z0-9._-]{1,63}$/;

function isId<P extends string>(value: unknown, prefix: P): value is `${P}${string}` {
  return typeof value === "string" && value.startsWith(prefix) && idSuffix.test(value.slice(prefix.length));
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Exactly these keys: an unknown one means a payload this version does not understand. */
function hasKeys(value: Json, keys: readonly string[]): boolean {
  const actual = Object.keys(value);
  return actual.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function decodeTarget(value: unknown): BindingTarget | undefined {
  if (!isObject(value)) return undefined;
  switch (value["tier"]) {
    case BindingTier.SESSION: {
      const { sessionId, projectId } = value;
      return hasKeys(value, ["tier", "sessionId", "projectId"]) && isId(sessionId, "ses_") && isId(projectId, "prj_")
        ? { tier: BindingTier.SESSION, sessionId, projectId }
        : undefined;
    }
    case BindingTier.AGENT: {
      const { projectId, agent } = value;
      return hasKeys(value, ["tier", "projectId", "agent"]) &&
        isId(projectId, "prj_") &&
        typeof agent === "string" &&
        agentPattern.test(agent)
        ? { tier: BindingTier.AGENT, projectId, agent }
        : undefined;
    }
    case BindingTier.PROJECT: {
      const { projectId } = value;
      return hasKeys(value, ["tier", "projectId"]) && isId(projectId, "prj_")
        ? { tier: BindingTier.PROJECT, projectId }
        : undefined;
    }
    case BindingTier.GLOBAL:
      return hasKeys(value, ["tier"]) ? { tier: BindingTier.GLOBAL } : undefined;
    default:
      return undefined;
  }
}

function decodeValue(value: unknown): Change | undefined {
  if (!isObject(value) || value["v"] !== payloadVersion) return undefined;
  switch (value["kind"]) {
    case "credential": {
      const { credentialId } = value;
      return hasKeys(value, ["v", "kind", "credentialId"]) && isId(credentialId, "cred_")
        ? { kind: "credential", credentialId }
        : undefined;
    }
    case "binding": {
      const { credentialId } = value;
      const target = decodeTarget(value["target"]);
      return hasKeys(value, ["v", "kind", "credentialId", "target"]) &&
        isId(credentialId, "cred_") &&
        target !== undefined
        ? { kind: "binding", credentialId, target }
        : undefined;
    }
    case "session": {
      const { sessionId } = value;
      return hasKeys(value, ["v", "kind", "sessionId"]) && isId(sessionId, "ses_")
        ? { kind: "session", sessionId }
        : undefined;
    }
    case "project": {
      const { projectId } = value;
      return hasKeys(value, ["v", "kind", "projectId"]) && isId(projectId, "prj_")
        ? { kind: "project", projectId }
        : undefined;
    }
    case "token": {
      const { tokenId } = value;
      return hasKeys(value, ["v", "kind", "tokenId"]) && isId(tokenId, "tok_") ? { kind: "token", tokenId } : undefined;
    }
    default:
      return undefined;
  }
}

/** The change a payload names, or undefined when it is not one this version wrote. */
export function decodeChange(payload: string | undefined): Change | undefined {
  if (payload === undefined || payload.length > maxPayloadBytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  return decodeValue(value);
}

// Copies only the fields a Change defines, so an object carrying more (a
// record passed where its ids were meant) cannot leak a value into a payload.
function targetFields(target: BindingTarget): Json {
  switch (target.tier) {
    case BindingTier.SESSION:
      return { tier: target.tier, sessionId: target.sessionId, projectId: target.projectId };
    case BindingTier.AGENT:
      return { tier: target.tier, projectId: target.projectId, agent: target.agent };
    case BindingTier.PROJECT:
      return { tier: target.tier, projectId: target.projectId };
    case BindingTier.GLOBAL:
      return { tier: target.tier };
  }
}

function changeFields(change: Change): Json {
  switch (change.kind) {
    case "credential":
      return { v: payloadVersion, kind: change.kind, credentialId: change.credentialId };
    case "binding":
      return {
        v: payloadVersion,
        kind: change.kind,
        credentialId: change.credentialId,
        target: targetFields(change.target),
      };
    case "session":
      return { v: payloadVersion, kind: change.kind, sessionId: change.sessionId };
    case "project":
      return { v: payloadVersion, kind: change.kind, projectId: change.projectId };
    case "token":
      return { v: payloadVersion, kind: change.kind, tokenId: change.tokenId };
  }
}

/**
 * Compact JSON of the change's ids. Throws RangeError for a change that would
 * not decode back to itself (a malformed id or agent): only then could a
 * payload approach the NOTIFY limit, which well-formed ids stay far below.
 */
export function encodeChange(change: Change): string {
  // undefined when a caller's cast let through a kind that does not exist.
  const payload: string | undefined = JSON.stringify(changeFields(change));
  if (
    payload === undefined ||
    Buffer.byteLength(payload, "utf8") > maxPayloadBytes ||
    decodeChange(payload) === undefined
  ) {
    // The change itself stays out of the message: it is exactly what is malformed.
    throw new RangeError("a change with a malformed kind, id or agent cannot be published");
  }
  return payload;
}
