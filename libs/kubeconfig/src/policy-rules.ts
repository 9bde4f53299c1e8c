import { fieldPath } from "./config-path.js";
import { exportCommand } from "./export-command.js";
import type { KubeconfigProblem } from "./public-types.js";
import { hasField, type YamlRecord } from "./read-field.js";

export interface RefusedField {
  readonly field: string;
  readonly message: string;
  /** Whether the field is itself a way to authenticate, so its user needs no "no credential" problem on top. */
  readonly authenticates: boolean;
}

function fileReference(field: string, inlineField: string): string {
  return `${field} names a file on this machine, which the runner does not have; inline the file as ${inlineField} instead, as ${exportCommand} does`;
}

function impersonation(field: string): string {
  return `impersonation (${field}) makes every request act as another identity, which hides who really acted and needs impersonate rights; grant the credential's own identity the access it needs instead`;
}

export const refusedUserFields: readonly RefusedField[] = [
  {
    field: "exec",
    message:
      "exec credential plugins run arbitrary commands on the runner; export a token with `kubectl create token` instead",
    authenticates: true,
  },
  {
    field: "auth-provider",
    message:
      "auth-provider plugins need helpers on the runner and write refreshed tokens back into the file; use a token from `kubectl create token` instead",
    authenticates: true,
  },
  {
    field: "tokenFile",
    message: "tokenFile reads the token from a file the runner does not have; put the token itself under token instead",
    authenticates: true,
  },
  {
    field: "client-certificate",
    message: fileReference("client-certificate", "client-certificate-data"),
    authenticates: true,
  },
  { field: "client-key", message: fileReference("client-key", "client-key-data"), authenticates: true },
  {
    field: "username",
    message:
      "username is for basic authentication, which current Kubernetes and OpenShift servers reject; use a token or a client certificate instead",
    authenticates: true,
  },
  {
    field: "password",
    message:
      "password would store a reusable password for basic authentication, which current servers reject; use a token or a client certificate instead",
    authenticates: true,
  },
  ...["as", "as-uid", "as-groups", "as-user-extra"].map((field) => ({
    field,
    message: impersonation(field),
    authenticates: false,
  })),
];

export const refusedClusterFields: readonly RefusedField[] = [
  {
    field: "certificate-authority",
    message: fileReference("certificate-authority", "certificate-authority-data"),
    authenticates: false,
  },
];

/** Transport risks refused unless the credential opts in with allow_insecure. */
export const optInMessages = {
  insecureSkipTlsVerify:
    "insecure-skip-tls-verify turns off checking the server's certificate, so anyone on the network path can capture the credential; add certificate-authority-data instead, or opt in with allow_insecure",
  proxyUrl:
    "proxy-url sends the cluster traffic, credential included, through another host; remove it, or opt in with allow_insecure if the runner must use that proxy",
  plainHttp:
    "a plain http:// server receives the credential unencrypted; use the cluster's https:// URL instead, or opt in with allow_insecure",
} as const;

/** Reports every refused field that is set; returns whether one of them would have authenticated the user. */
export function refuseFields(
  record: YamlRecord,
  parentPath: string,
  refused: readonly RefusedField[],
  problems: KubeconfigProblem[],
): boolean {
  let authenticates = false;
  for (const rule of refused) {
    if (!hasField(record, rule.field)) continue;
    problems.push({ path: fieldPath(parentPath, rule.field), message: rule.message });
    authenticates ||= rule.authenticates;
  }
  return authenticates;
}
