import { Document, Scalar, visit } from "yaml";
import type { ClusterSpec, CurrentSelection, UserAuth } from "./config-model.js";

// kubectl reads YAML with go-yaml, which resolves YAML 1.1 words (yes, on, y)
// and Go number syntax (0o17, 1_000) that the yaml package would leave plain.
// Only strings that no YAML reader can mistake stay unquoted.
const safePlain = /^[A-Za-z][A-Za-z0-9._~/:@+=-]*$/;
const yamlWords = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);

function isSafePlain(value: string): boolean {
  return safePlain.test(value) && !value.endsWith(":") && !yamlWords.has(value.toLowerCase());
}

/** Fields in a fixed order; false and absent settings are left out, as kubectl does. */
function clusterFields(cluster: ClusterSpec): Record<string, string | boolean> {
  return {
    server: cluster.server,
    ...(cluster.verification.kind === "certificate-authority" && {
      "certificate-authority-data": cluster.verification.certificateAuthority.base64,
    }),
    ...(cluster.tlsServerName !== undefined && { "tls-server-name": cluster.tlsServerName }),
    ...(cluster.verification.kind === "skipped" && { "insecure-skip-tls-verify": true }),
    ...(cluster.proxyUrl !== undefined && { "proxy-url": cluster.proxyUrl }),
    ...(cluster.disableCompression && { "disable-compression": true }),
  };
}

function userFields(user: UserAuth): Record<string, string> {
  return user.kind === "token"
    ? { token: user.token }
    : { "client-certificate-data": user.certificate.base64, "client-key-data": user.key.base64 };
}

/** The current context, its cluster and its user, all inline, as deterministic YAML. */
export function minify({ context, cluster, user }: CurrentSelection): string {
  const document = new Document({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: cluster.name, cluster: clusterFields(cluster.value) }],
    contexts: [
      {
        name: context.name,
        context: {
          cluster: context.value.cluster,
          user: context.value.user,
          ...(context.value.namespace !== undefined && { namespace: context.value.namespace }),
        },
      },
    ],
    "current-context": context.name,
    users: [{ name: user.name, user: userFields(user.value) }],
  });
  visit(document, {
    Scalar(key, node) {
      if (key === "value" && typeof node.value === "string") {
        node.type = isSafePlain(node.value) ? Scalar.PLAIN : Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return document.toString({ lineWidth: 0, indentSeq: false });
}
