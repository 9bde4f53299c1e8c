import type { X509Certificate } from "node:crypto";
import type { CurrentSelection } from "./config-model.js";
import { jwtExpiry } from "./jwt-expiry.js";
import type { KubeconfigSummary } from "./public-types.js";

const openshiftTokenPrefix = "sha256~";

export const summaryNotes = {
  openshiftToken:
    "OpenShift OAuth tokens (sha256~) expire after 24 hours by default; for unattended use, upload a kubeconfig with a service-account token from `oc create token` instead.",
  plainHttp:
    "The server uses plain http://, so the credential travels unencrypted; allowed by this credential's allow_insecure opt-in.",
  insecureSkipTlsVerify:
    "insecure-skip-tls-verify is on, so the server's certificate is not checked; allowed by this credential's allow_insecure opt-in.",
  proxyUrl: "Cluster traffic goes through the proxy in proxy-url; allowed by this credential's allow_insecure opt-in.",
} as const;

function notAfter(certificate: X509Certificate): Date | undefined {
  const date = new Date(certificate.validTo);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The non-secret facts about the minified selection. */
export function summarize({ context, cluster, user }: CurrentSelection): KubeconfigSummary {
  const auth = user.value;
  const token = auth.kind === "token" ? auth.token : undefined;
  const openshiftToken = token?.startsWith(openshiftTokenPrefix) ?? false;
  const { verification } = cluster.value;
  const insecureSkipTlsVerify = verification.kind === "skipped";
  const notes: string[] = [];
  if (openshiftToken) notes.push(summaryNotes.openshiftToken);
  if (cluster.value.plainHttp) notes.push(summaryNotes.plainHttp);
  if (insecureSkipTlsVerify) notes.push(summaryNotes.insecureSkipTlsVerify);
  if (cluster.value.proxyUrl !== undefined) notes.push(summaryNotes.proxyUrl);
  return {
    server: cluster.value.server,
    clusterName: cluster.name,
    contextName: context.name,
    userName: user.name,
    namespace: context.value.namespace ?? "",
    authKind: auth.kind,
    caSha256Fingerprint:
      verification.kind === "certificate-authority" ? verification.certificateAuthority.first.fingerprint256 : "",
    clientCertificateNotAfter: auth.kind === "client-certificate" ? notAfter(auth.certificate.first) : undefined,
    tokenExpiry: token === undefined ? undefined : jwtExpiry(token),
    openshiftToken,
    notes,
    insecureSkipTlsVerify,
    proxyUrl: cluster.value.proxyUrl ?? "",
  };
}
