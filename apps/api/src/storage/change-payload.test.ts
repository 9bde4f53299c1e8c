import { BindingTier } from "@acp/proto";
import { describe, expect, it } from "vitest";
import type { Change } from "./change-notifier.js";
import { decodeChange, encodeChange, maxPayloadBytes } from "./change-payload.js";
import { newApiTokenId, newCredentialId, newProjectId, newSessionId } from "./ids.js";

const credentialId = newCredentialId();
const projectId = newProjectId();
const sessionId = newSessionId();

const everyKind: readonly Change[] = [
  { kind: "credential", credentialId },
  { kind: "binding", credentialId, target: { tier: BindingTier.SESSION, sessionId, projectId } },
  { kind: "binding", credentialId, target: { tier: BindingTier.AGENT, projectId, agent: "ci-fixer" } },
  { kind: "binding", credentialId, target: { tier: BindingTier.PROJECT, projectId } },
  { kind: "binding", credentialId, target: { tier: BindingTier.GLOBAL } },
  { kind: "session", sessionId },
  { kind: "project", projectId },
  { kind: "token", tokenId: newApiTokenId() },
];

describe("change payload", () => {
  it.each(everyKind.map((change) => [change.kind, change] as const))("round-trips a %s change", (_kind, change) => {
    const payload = encodeChange(change);
    expect(decodeChange(payload)).toEqual(change);
    expect(Buffer.byteLength(payload)).toBeLessThan(200);
  });

  it("stays far below the NOTIFY limit with the longest agent name", () => {
    const change: Change = {
      kind: "binding",
      credentialId,
      target: { tier: BindingTier.AGENT, projectId, agent: "a".repeat(63) },
    };
    expect(Buffer.byteLength(encodeChange(change))).toBeLessThan(maxPayloadBytes / 20);
  });

  it("copies only the ids, never other fields of what it is given", () => {
    const record = { kind: "credential", credentialId, secret: "hunter2" } as Change;
    expect(encodeChange(record)).not.toContain("hunter2");
  });

  it("refuses to encode what would not decode, without quoting it", () => {
    const bad = [
      { kind: "credential", credentialId: "cred_" },
      { kind: "session", sessionId: `ses_${"a".repeat(9000)}` },
      { kind: "binding", credentialId, target: { tier: BindingTier.AGENT, projectId, agent: "hunter2 with spaces" } },
      { kind: "binding", credentialId, target: { tier: BindingTier.UNSPECIFIED } },
      { kind: "secret", credentialId },
    ] as unknown as Change[];
    for (const change of bad) {
      expect(() => encodeChange(change)).toThrow(RangeError);
      expect(() => encodeChange(change)).not.toThrow(/hunter2/);
    }
  });

  it.each([
    ["no payload", undefined],
    ["empty text", ""],
    ["not JSON", "{kind: credential"],
    ["JSON null", "null"],
    ["an array", "[1]"],
    ["a string", '"credential"'],
    ["no version", JSON.stringify({ kind: "credential", credentialId })],
    ["another version", JSON.stringify({ v: 2, kind: "credential", credentialId })],
    ["an unknown kind", JSON.stringify({ v: 1, kind: "user", userId: "usr_abc" })],
    ["an id of the wrong kind", JSON.stringify({ v: 1, kind: "credential", credentialId: sessionId })],
    ["an id with foreign characters", JSON.stringify({ v: 1, kind: "credential", credentialId: "cred_ab'; --" })],
    ["an id that is not text", JSON.stringify({ v: 1, kind: "session", sessionId: 7 })],
    ["a token change naming a session", JSON.stringify({ v: 1, kind: "token", tokenId: sessionId })],
    ["an extra field", JSON.stringify({ v: 1, kind: "project", projectId, name: "x" })],
    ["a missing field", JSON.stringify({ v: 1, kind: "binding", credentialId })],
    ["a tier out of range", JSON.stringify({ v: 1, kind: "binding", credentialId, target: { tier: 9 } })],
    ["a tier by name", JSON.stringify({ v: 1, kind: "binding", credentialId, target: { tier: "GLOBAL" } })],
    [
      "a session target without its project",
      JSON.stringify({ v: 1, kind: "binding", credentialId, target: { tier: BindingTier.SESSION, sessionId } }),
    ],
    [
      "an agent target with an empty agent",
      JSON.stringify({
        v: 1,
        kind: "binding",
        credentialId,
        target: { tier: BindingTier.AGENT, projectId, agent: "" },
      }),
    ],
    [
      "a global target with a project",
      JSON.stringify({ v: 1, kind: "binding", credentialId, target: { tier: BindingTier.GLOBAL, projectId } }),
    ],
    ["an oversized payload", JSON.stringify({ v: 1, kind: "project", projectId, pad: "x".repeat(maxPayloadBytes) })],
  ])("rejects %s", (_name, payload) => {
    expect(decodeChange(payload)).toBeUndefined();
  });
});
