export interface KubeconfigOptions {
  /** Size cap in bytes on the raw input, before decoding (the provider's max secret size, 1 MiB). */
  maxBytes: number;
  /** The credential's explicit opt-in: allows insecure-skip-tls-verify: true, proxy-url, and an http:// server. */
  allowInsecure: boolean;
  /**
   * Keep this context instead of the file's current-context, as kubectl's
   * --context does; current-context may then be absent or name another.
   */
  context?: string | undefined;
}

/** `path` is in kubeconfig terms (e.g. "users[0].user.exec"), or "(document)" for whole-file issues. */
export interface KubeconfigProblem {
  path: string;
  message: string;
}

export type AuthKind = "token" | "client-certificate";

/** Non-secret facts about the minified kubeconfig, shown to the user and stored with the credential. */
export interface KubeconfigSummary {
  server: string;
  clusterName: string;
  contextName: string;
  userName: string;
  /** "" when the context names no namespace. */
  namespace: string;
  authKind: AuthKind;
  /** Colon-separated uppercase hex of the SHA-256 of the first CA certificate's DER; "" when there is no CA data. */
  caSha256Fingerprint: string;
  clientCertificateNotAfter: Date | undefined;
  /** `exp` of the token when it is a JWT carrying one. */
  tokenExpiry: Date | undefined;
  /** The token is an OpenShift OAuth token (sha256~...). */
  openshiftToken: boolean;
  notes: string[];
  insecureSkipTlsVerify: boolean;
  proxyUrl: string;
}

export type KubeconfigResult =
  | { ok: true; minified: string; summary: KubeconfigSummary }
  | { ok: false; problems: KubeconfigProblem[] };
