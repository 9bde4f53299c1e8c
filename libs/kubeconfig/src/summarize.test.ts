import { describe, expect, it } from "vitest";
import { summarize, summaryNotes } from "./summarize.js";
import { tokenSelection } from "./testing/token-selection.js";

const exp2030 = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"exp":1893456000}').toString("base64url")}.sig`;

describe("summarize", () => {
  it("describes a plain token selection", () => {
    expect(summarize(tokenSelection({}, { context: "ctx", cluster: "c", user: "u" }))).toEqual({
      server: "https://api.example.com:6443",
      clusterName: "c",
      contextName: "ctx",
      userName: "u",
      namespace: "",
      authKind: "token",
      caSha256Fingerprint: "",
      clientCertificateNotAfter: undefined,
      tokenExpiry: undefined,
      openshiftToken: false,
      notes: [],
      insecureSkipTlsVerify: false,
      proxyUrl: "",
    });
  });

  it("recognises OpenShift OAuth tokens and warns about their lifetime", () => {
    const summary = summarize(tokenSelection({}, {}, { kind: "token", token: "sha256~abc" }));
    expect(summary.openshiftToken).toBe(true);
    expect(summary.notes).toEqual([summaryNotes.openshiftToken]);
  });

  it("reads the expiry of a JWT", () => {
    expect(summarize(tokenSelection({}, {}, { kind: "token", token: exp2030 })).tokenExpiry).toEqual(
      new Date("2030-01-01T00:00:00Z"),
    );
  });

  it("notes each opted-in transport risk", () => {
    const summary = summarize(
      tokenSelection({
        plainHttp: true,
        server: "http://h",
        verification: { kind: "skipped" },
        proxyUrl: "http://p:1",
      }),
    );
    expect(summary.notes).toEqual([summaryNotes.plainHttp, summaryNotes.insecureSkipTlsVerify, summaryNotes.proxyUrl]);
    expect(summary).toMatchObject({ insecureSkipTlsVerify: true, proxyUrl: "http://p:1", server: "http://h" });
  });
});
