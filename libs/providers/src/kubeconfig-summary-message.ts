import type { AuthKind, KubeconfigSummary as PlainKubeconfigSummary } from "@acp/kubeconfig";
import { KubeconfigAuthKind, type KubeconfigSummary, KubeconfigSummarySchema } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";

const authKind: Record<AuthKind, KubeconfigAuthKind> = {
  token: KubeconfigAuthKind.TOKEN,
  "client-certificate": KubeconfigAuthKind.CLIENT_CERTIFICATE,
};

/** The parser's plain summary as the proto message stored with the credential. */
export function kubeconfigSummaryMessage(summary: PlainKubeconfigSummary): KubeconfigSummary {
  return create(KubeconfigSummarySchema, {
    server: summary.server,
    clusterName: summary.clusterName,
    contextName: summary.contextName,
    userName: summary.userName,
    namespace: summary.namespace,
    authKind: authKind[summary.authKind],
    caSha256Fingerprint: summary.caSha256Fingerprint,
    clientCertificateExpireTime:
      summary.clientCertificateNotAfter && timestampFromDate(summary.clientCertificateNotAfter),
    tokenExpireTime: summary.tokenExpiry && timestampFromDate(summary.tokenExpiry),
    openshiftToken: summary.openshiftToken,
    notes: [...summary.notes],
    insecureSkipTlsVerify: summary.insecureSkipTlsVerify,
    proxyUrl: summary.proxyUrl,
  });
}
