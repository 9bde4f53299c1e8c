import { keyMatchesCertificate, readCertificateData, readKeyData } from "./certificate-data.js";
import { fieldPath } from "./config-path.js";
import type { UserAuth } from "./config-model.js";
import { EXPORT_COMMAND } from "./export-command.js";
import { REFUSED_USER_FIELDS, refuseFields } from "./policy-rules.js";
import type { KubeconfigProblem } from "./public-types.js";
import { hasField, readText, type YamlRecord } from "./read-field.js";

// A bearer token goes into an HTTP header as is.
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
const CERTIFICATE = "client-certificate-data";
const KEY = "client-key-data";

/** Checks one `users[i].user` mapping; undefined when it has any problem. */
export function readUser(body: YamlRecord, path: string, problems: KubeconfigProblem[]): UserAuth | undefined {
  const before = problems.length;
  const refusedAuthentication = refuseFields(body, path, REFUSED_USER_FIELDS, problems);
  const token = readToken(body, path, problems);
  const certificate = readCertificateData(body, CERTIFICATE, path, problems);
  const key = readKeyData(body, KEY, path, problems);
  if (!refusedAuthentication) checkOneMethod(body, path, problems);
  if (certificate !== undefined && key !== undefined && !keyMatchesCertificate(certificate.first, key.key)) {
    problems.push({
      path: fieldPath(path, KEY),
      message: `is not the private key of ${CERTIFICATE}; export the key that belongs to the certificate`,
    });
  }
  if (problems.length > before) return undefined;
  if (token !== undefined) return { kind: "token", token };
  if (certificate !== undefined && key !== undefined) return { kind: "client-certificate", certificate, key };
  return undefined;
}

function readToken(body: YamlRecord, parentPath: string, problems: KubeconfigProblem[]): string | undefined {
  const token = readText(body, "token", parentPath, "optional", problems);
  if (token === undefined || TOKEN_CHARACTERS.test(token)) return token;
  problems.push({
    path: fieldPath(parentPath, "token"),
    message: "must be printable ASCII without spaces; copy the token again",
  });
  return undefined;
}

/** Judged on which fields are set, so a malformed value is reported once, by its own check. */
function checkOneMethod(body: YamlRecord, path: string, problems: KubeconfigProblem[]): void {
  const hasToken = hasField(body, "token");
  const hasCertificate = hasField(body, CERTIFICATE);
  const hasKey = hasField(body, KEY);
  if (hasToken && (hasCertificate || hasKey)) {
    problems.push({
      path,
      message: `sets both token and ${CERTIFICATE}/${KEY}, but exactly one way to authenticate is allowed; keep one of them`,
    });
  } else if (hasCertificate !== hasKey) {
    const [missing, present] = hasCertificate ? [KEY, CERTIFICATE] : [CERTIFICATE, KEY];
    problems.push({
      path: fieldPath(path, missing),
      message: `is required together with ${present}; add it with ${EXPORT_COMMAND}`,
    });
  } else if (!hasToken && !hasCertificate) {
    problems.push({
      path,
      message: `has no credential; add a token (e.g. from kubectl create token) or ${CERTIFICATE} with ${KEY}`,
    });
  }
}
