import { keyMatchesCertificate, readCertificateData, readKeyData } from "./certificate-data.js";
import type { UserAuth } from "./config-model.js";
import { fieldPath } from "./config-path.js";
import { exportCommand } from "./export-command.js";
import { refusedUserFields, refuseFields } from "./policy-rules.js";
import type { KubeconfigProblem } from "./public-types.js";
import { hasField, readText, type YamlRecord } from "./read-field.js";

// A bearer token goes into an HTTP header as is.
const tokenCharacters = /^[\x21-\x7e]+$/;
const certificateField = "client-certificate-data";
const keyField = "client-key-data";

/** Checks one `users[i].user` mapping; undefined when it has any problem. */
export function readUser(body: YamlRecord, path: string, problems: KubeconfigProblem[]): UserAuth | undefined {
  const before = problems.length;
  const refusedAuthentication = refuseFields(body, path, refusedUserFields, problems);
  const token = readToken(body, path, problems);
  const certificate = readCertificateData(body, certificateField, path, problems);
  const key = readKeyData(body, keyField, path, problems);
  if (!refusedAuthentication) checkOneMethod(body, path, problems);
  if (certificate !== undefined && key !== undefined && !keyMatchesCertificate(certificate.first, key.key)) {
    problems.push({
      path: fieldPath(path, keyField),
      message: `is not the private key of ${certificateField}; export the key that belongs to the certificate`,
    });
  }
  if (problems.length > before) return undefined;
  if (token !== undefined) return { kind: "token", token };
  if (certificate !== undefined && key !== undefined) return { kind: "client-certificate", certificate, key };
  return undefined;
}

function readToken(body: YamlRecord, parentPath: string, problems: KubeconfigProblem[]): string | undefined {
  const token = readText(body, "token", parentPath, "optional", problems);
  if (token === undefined || tokenCharacters.test(token)) return token;
  problems.push({
    path: fieldPath(parentPath, "token"),
    message: "must be printable ASCII without spaces; copy the token again",
  });
  return undefined;
}

/** Judged on which fields are set, so a malformed value is reported once, by its own check. */
function checkOneMethod(body: YamlRecord, path: string, problems: KubeconfigProblem[]): void {
  const hasToken = hasField(body, "token");
  const hasCertificate = hasField(body, certificateField);
  const hasKey = hasField(body, keyField);
  if (hasToken && (hasCertificate || hasKey)) {
    problems.push({
      path,
      message: `sets both token and ${certificateField}/${keyField}, but exactly one way to authenticate is allowed; keep one of them`,
    });
  } else if (hasCertificate !== hasKey) {
    const [missing, present] = hasCertificate ? [keyField, certificateField] : [certificateField, keyField];
    problems.push({
      path: fieldPath(path, missing),
      message: `is required together with ${present}; add it with ${exportCommand}`,
    });
  } else if (!hasToken && !hasCertificate) {
    problems.push({
      path,
      message: `has no credential; add a token (e.g. from kubectl create token) or ${certificateField} with ${keyField}`,
    });
  }
}
