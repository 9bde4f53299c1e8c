import {
  KubeconfigSummarySchema,
  ProviderType,
  SessionCredentialSchema,
  SessionSchema,
  SessionState,
} from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { RunnerCallError } from "./runner-call-error.js";
import { snapshotOf } from "./session-snapshot.js";

const expireTime = new Date("2030-01-02T03:04:05Z");
const updateTime = new Date("2029-12-31T00:00:00Z");
const session = create(SessionSchema, { id: "ses_1", expireTime: timestampFromDate(expireTime) });

describe("snapshotOf", () => {
  it("gives each credential's fields, its summary message and its update time", () => {
    const summary = create(KubeconfigSummarySchema, {});
    const credential = create(SessionCredentialSchema, {
      credentialId: "cred_1",
      name: "cluster",
      provider: ProviderType.KUBECONFIG,
      secret: "s3cret",
      url: "",
      email: "",
      summary: { case: "kubeconfig", value: summary },
      updateTime: timestampFromDate(updateTime),
    });
    const plain = create(SessionCredentialSchema, { credentialId: "cred_2", provider: ProviderType.GITHUB });
    const snapshot = snapshotOf(session, SessionState.RUNNING, [credential, plain]);
    expect(snapshot).toEqual({
      sessionId: "ses_1",
      expireTime,
      state: "running",
      credentials: [
        {
          credentialId: "cred_1",
          name: "cluster",
          provider: ProviderType.KUBECONFIG,
          secret: "s3cret",
          url: "",
          email: "",
          summary,
          updateTime,
        },
        expect.objectContaining({ credentialId: "cred_2", summary: undefined, updateTime: undefined }),
      ],
    });
    expect(snapshotOf(session, SessionState.ENDED, []).state).toBe("ended");
  });

  it("refuses an answer without its session or in an unknown state, rather than read it as no credentials", () => {
    expect(() => snapshotOf(undefined, SessionState.RUNNING, [])).toThrow(RunnerCallError);
    expect(() => snapshotOf(session, SessionState.UNSPECIFIED, [])).toThrow(/state 0/);
    expect(() => snapshotOf(session, 7 as SessionState, [])).toThrow(expect.objectContaining({ kind: "failed" }));
  });
});
