import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { fieldPath } from "./config-path.js";
import { decodePemData, type PemBlock } from "./pem.js";
import type { KubeconfigProblem } from "./public-types.js";
import { readString, type YamlRecord } from "./read-field.js";

export interface CertificateData {
  /** Canonical base64 of the PEM, as written back out. */
  readonly base64: string;
  /** The CA's first certificate, or the client's leaf certificate. */
  readonly first: X509Certificate;
}

export interface KeyData {
  readonly base64: string;
  readonly key: KeyObject;
}

const certificateLabels = ["CERTIFICATE"];
// client-go reads these three; an encrypted key would need a passphrase nobody can type on the runner.
const keyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

function parseCertificate(block: PemBlock): X509Certificate | undefined {
  try {
    return new X509Certificate(block.pem);
  } catch {
    return undefined;
  }
}

function parseKey(block: PemBlock): KeyObject | undefined {
  try {
    return createPrivateKey({ key: block.pem, format: "pem" });
  } catch {
    return undefined;
  }
}

/** certificate-authority-data or client-certificate-data: every block must be an X.509 certificate. */
export function readCertificateData(
  record: YamlRecord,
  key: string,
  parentPath: string,
  problems: KubeconfigProblem[],
): CertificateData | undefined {
  const value = readString(record, key, parentPath, "optional", problems);
  if (value === undefined) return undefined;
  const path = fieldPath(parentPath, key);
  const pem = decodePemData(value, certificateLabels);
  if (!pem.ok) {
    problems.push({ path, message: pem.message });
    return undefined;
  }
  const [first, ...rest] = pem.blocks.map(parseCertificate);
  if (first === undefined || rest.includes(undefined)) {
    problems.push({
      path,
      message: "holds a PEM block that is not a valid X.509 certificate; export the certificate again",
    });
    return undefined;
  }
  return { base64: pem.base64, first };
}

/** client-key-data: exactly one unencrypted private key. */
export function readKeyData(
  record: YamlRecord,
  key: string,
  parentPath: string,
  problems: KubeconfigProblem[],
): KeyData | undefined {
  const value = readString(record, key, parentPath, "optional", problems);
  if (value === undefined) return undefined;
  const path = fieldPath(parentPath, key);
  const pem = decodePemData(value, keyLabels);
  if (!pem.ok) {
    problems.push({ path, message: pem.message });
    return undefined;
  }
  const [block, ...extra] = pem.blocks;
  const parsed = extra.length === 0 ? parseKey(block) : undefined;
  if (parsed === undefined) {
    problems.push({
      path,
      message: "must hold exactly one unencrypted private key; export the key again without a passphrase",
    });
    return undefined;
  }
  return { base64: pem.base64, key: parsed };
}

export function keyMatchesCertificate(certificate: X509Certificate, key: KeyObject): boolean {
  try {
    return certificate.checkPrivateKey(key);
  } catch {
    return false;
  }
}
