import { readCertificateData } from "./certificate-data.js";
import { checkUrl } from "./check-url.js";
import type { ClusterSpec, ServerVerification } from "./config-model.js";
import { fieldPath } from "./config-path.js";
import { optInMessages, refusedClusterFields, refuseFields } from "./policy-rules.js";
import type { KubeconfigProblem } from "./public-types.js";
import { hasField, readFlag, readText, type YamlRecord } from "./read-field.js";

const serverExample = "https://api.example.com:6443";
const proxyExample = "http://proxy.example.com:3128";
// The proxy schemes client-go's transport understands.
const proxySchemes = ["http", "https", "socks5"];

/** Checks one `clusters[i].cluster` mapping; undefined when it has any problem. */
export function readCluster(
  body: YamlRecord,
  path: string,
  allowInsecure: boolean,
  problems: KubeconfigProblem[],
): ClusterSpec | undefined {
  const before = problems.length;
  refuseFields(body, path, refusedClusterFields, problems);
  const server = readServer(body, path, allowInsecure, problems);
  const certificateAuthority = readCertificateData(body, "certificate-authority-data", path, problems);
  const insecureSkipTlsVerify = readInsecureSkipTlsVerify(body, path, allowInsecure, problems);
  const proxyUrl = readProxyUrl(body, path, allowInsecure, problems);
  const tlsServerName = readText(body, "tls-server-name", path, "optional", problems);
  const disableCompression = readFlag(body, "disable-compression", path, problems);
  if (server === undefined || problems.length > before) return undefined;
  const verification: ServerVerification = insecureSkipTlsVerify
    ? { kind: "skipped" }
    : certificateAuthority
      ? { kind: "certificate-authority", certificateAuthority }
      : { kind: "system-roots" };
  return { ...server, verification, tlsServerName, proxyUrl, disableCompression };
}

function readServer(
  body: YamlRecord,
  parentPath: string,
  allowInsecure: boolean,
  problems: KubeconfigProblem[],
): Pick<ClusterSpec, "server" | "plainHttp"> | undefined {
  const server = readText(body, "server", parentPath, "required", problems);
  if (server === undefined) return undefined;
  const path = fieldPath(parentPath, "server");
  const checked = checkUrl(server, ["https", "http"], serverExample);
  if (!checked.ok) {
    problems.push({ path, message: checked.message });
    return undefined;
  }
  const plainHttp = checked.url.protocol === "http:";
  if (plainHttp && !allowInsecure) {
    problems.push({ path, message: optInMessages.plainHttp });
    return undefined;
  }
  return { server, plainHttp };
}

function readInsecureSkipTlsVerify(
  body: YamlRecord,
  parentPath: string,
  allowInsecure: boolean,
  problems: KubeconfigProblem[],
): boolean {
  const insecure = readFlag(body, "insecure-skip-tls-verify", parentPath, problems);
  if (!insecure) return false;
  const path = fieldPath(parentPath, "insecure-skip-tls-verify");
  if (!allowInsecure) {
    problems.push({ path, message: optInMessages.insecureSkipTlsVerify });
  } else if (hasField(body, "certificate-authority-data")) {
    // client-go refuses this combination when it builds the transport.
    problems.push({
      path,
      message: "cannot be combined with certificate-authority-data, which kubectl refuses; keep only one of them",
    });
  }
  return true;
}

function readProxyUrl(
  body: YamlRecord,
  parentPath: string,
  allowInsecure: boolean,
  problems: KubeconfigProblem[],
): string | undefined {
  const proxyUrl = readText(body, "proxy-url", parentPath, "optional", problems);
  if (proxyUrl === undefined) return undefined;
  const path = fieldPath(parentPath, "proxy-url");
  if (!allowInsecure) {
    problems.push({ path, message: optInMessages.proxyUrl });
    return undefined;
  }
  const checked = checkUrl(proxyUrl, proxySchemes, proxyExample);
  if (!checked.ok) {
    problems.push({ path, message: checked.message });
    return undefined;
  }
  return proxyUrl;
}
