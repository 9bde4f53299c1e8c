import { validateKubeconfig } from "@acp/kubeconfig";
import { loadGoodCases, maxSecretBytes, tokenKubeconfig } from "@acp/kubeconfig/test-corpus";
import { KubeconfigSummarySchema, SessionSchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { credentialExpiry, expiryWarnings } from "./credential-expiry.js";
import { kubeconfigSummaryMessage } from "./kubeconfig-summary-message.js";

/** The summary message the API stores for a kubeconfig, built the way it builds it. */
function summaryOf(kubeconfig: string | Uint8Array) {
  const result = validateKubeconfig(kubeconfig, { maxBytes: maxSecretBytes, allowInsecure: false });
  if (!result.ok) throw new Error(`test kubeconfig refused: ${JSON.stringify(result.problems)}`);
  return kubeconfigSummaryMessage(result.summary);
}

function corpusSummary(name: string) {
  const found = loadGoodCases().find((c) => c.name === name);
  if (found === undefined) throw new Error(`no corpus case ${name}`);
  return summaryOf(found.bytes);
}

/** An unsigned JWT: only `exp` matters, nobody verifies it. */
function jwt(exp: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part({ sub: "system:serviceaccount:ci:agent", exp: exp.getTime() / 1000 })}.c2ln`;
}

const openshiftNote = /^OpenShift OAuth tokens \(sha256~\) expire after 24 hours by default/;

describe("credentialExpiry", () => {
  it("reads a JWT token's exp", () => {
    const exp = new Date("2031-05-06T07:08:09Z");
    expect(credentialExpiry(summaryOf(tokenKubeconfig(jwt(exp))))).toEqual({ expireTime: exp, notes: [] });
    expect(credentialExpiry(corpusSummary("service-account-jwt")).expireTime).toEqual(new Date("2030-01-01T00:00:00Z"));
  });

  it("reads a client certificate's notAfter", () => {
    expect(credentialExpiry(corpusSummary("client-certificate")).expireTime).toEqual(
      new Date("2126-11-04T04:23:15.000Z"),
    );
  });

  it("knows no expiry for an OpenShift sha256~ token, and passes its lifetime note on", () => {
    for (const summary of [
      corpusSummary("openshift-oc-login"),
      summaryOf(tokenKubeconfig(`sha256~${"a".repeat(43)}`)),
    ]) {
      const { expireTime, notes } = credentialExpiry(summary);
      expect(expireTime).toBeUndefined();
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(openshiftNote);
    }
  });

  it("knows nothing of an opaque token", () => {
    expect(credentialExpiry(summaryOf(tokenKubeconfig("opaque-token-0123456789")))).toEqual({
      expireTime: undefined,
      notes: [],
    });
  });

  it("takes the earliest of several expiry fields", () => {
    const early = new Date("2028-01-01T00:00:00Z");
    const summary = create(KubeconfigSummarySchema, {
      tokenExpireTime: timestampFromDate(new Date("2029-01-01T00:00:00Z")),
      clientCertificateExpireTime: timestampFromDate(early),
    });
    expect(credentialExpiry(summary).expireTime).toEqual(early);
  });

  it("knows nothing without a summary, or of a message that is not a summary", () => {
    expect(credentialExpiry(undefined)).toEqual({ expireTime: undefined, notes: [] });
    // A session has an expire_time too, but it is not a credential's summary.
    const session = create(SessionSchema, { expireTime: timestampFromDate(new Date("2020-01-01T00:00:00Z")) });
    expect(credentialExpiry(session)).toEqual({ expireTime: undefined, notes: [] });
  });
});

describe("expiryWarnings", () => {
  const sessionEnd = new Date("2031-01-01T00:00:00Z");

  it("warns about a credential that expires before the session ends, and passes notes on", () => {
    const soon = new Date("2030-06-01T12:00:00Z");
    const later = new Date("2032-01-01T00:00:00Z");
    const lines = expiryWarnings(
      [
        { name: "ci-cluster", summary: summaryOf(tokenKubeconfig(jwt(soon))) },
        { name: "long-lived", summary: summaryOf(tokenKubeconfig(jwt(later))) },
        { name: "ocp", summary: corpusSummary("openshift-oc-login") },
        { name: "no-summary", summary: undefined },
      ],
      sessionEnd,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      'credential "ci-cluster" expires at 2030-06-01T12:00:00.000Z, before the session ends at 2031-01-01T00:00:00.000Z',
    );
    expect(lines[1]).toMatch(/^credential "ocp": OpenShift OAuth tokens \(sha256~\)/);
  });

  it("has only the notes when the session has no known end", () => {
    const lines = expiryWarnings(
      [
        { name: "ci-cluster", summary: summaryOf(tokenKubeconfig(jwt(new Date("2020-01-01T00:00:00Z")))) },
        { name: "ocp", summary: corpusSummary("openshift-oc-login") },
      ],
      undefined,
    );
    expect(lines).toEqual([expect.stringMatching(/^credential "ocp": OpenShift/)]);
  });

  it("says nothing of a credential that outlives the session", () => {
    const summary = corpusSummary("client-certificate");
    expect(expiryWarnings([{ name: "kind", summary }], sessionEnd)).toEqual([]);
  });
});
