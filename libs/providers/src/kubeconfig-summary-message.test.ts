import type { KubeconfigSummary } from "@acp/kubeconfig";
import { KubeconfigAuthKind, KubeconfigSummarySchema } from "@acp/proto";
import { isMessage } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { kubeconfigSummaryMessage } from "./kubeconfig-summary-message.js";

const plain: KubeconfigSummary = {
  server: "https://api.cluster.example:6443",
  clusterName: "api-cluster-example:6443",
  contextName: "dev/api-cluster-example:6443/alice",
  userName: "alice/api-cluster-example:6443",
  namespace: "dev",
  authKind: "token",
  caSha256Fingerprint: "AB:CD",
  clientCertificateNotAfter: undefined,
  tokenExpiry: new Date("2030-01-02T03:04:05.678Z"),
  openshiftToken: true,
  notes: ["OpenShift OAuth tokens expire after 24 hours by default."],
  insecureSkipTlsVerify: false,
  proxyUrl: "",
};

describe("kubeconfigSummaryMessage", () => {
  it("copies every field into the proto message and converts dates", () => {
    const message = kubeconfigSummaryMessage(plain);
    expect(isMessage(message, KubeconfigSummarySchema)).toBe(true);
    expect(message).toMatchObject({
      server: plain.server,
      clusterName: plain.clusterName,
      contextName: plain.contextName,
      userName: plain.userName,
      namespace: "dev",
      authKind: KubeconfigAuthKind.TOKEN,
      caSha256Fingerprint: "AB:CD",
      openshiftToken: true,
      notes: plain.notes,
      insecureSkipTlsVerify: false,
      proxyUrl: "",
    });
    expect(message.clientCertificateExpireTime).toBeUndefined();
    expect(message.tokenExpireTime && timestampDate(message.tokenExpireTime).toISOString()).toBe(
      "2030-01-02T03:04:05.678Z",
    );
  });

  it("maps client-certificate auth and its expiry, and transport opt-ins", () => {
    const notAfter = new Date("2027-06-30T00:00:00Z");
    const message = kubeconfigSummaryMessage({
      ...plain,
      authKind: "client-certificate",
      clientCertificateNotAfter: notAfter,
      tokenExpiry: undefined,
      openshiftToken: false,
      insecureSkipTlsVerify: true,
      proxyUrl: "http://proxy.example:3128",
    });
    expect(message.authKind).toBe(KubeconfigAuthKind.CLIENT_CERTIFICATE);
    expect(message.clientCertificateExpireTime && timestampDate(message.clientCertificateExpireTime)).toEqual(notAfter);
    expect(message.tokenExpireTime).toBeUndefined();
    expect([message.insecureSkipTlsVerify, message.proxyUrl]).toEqual([true, "http://proxy.example:3128"]);
  });

  it("does not share the notes array with the parser's summary", () => {
    const notes = ["a"];
    const message = kubeconfigSummaryMessage({ ...plain, notes });
    notes.push("b");
    expect(message.notes).toEqual(["a"]);
  });
});
