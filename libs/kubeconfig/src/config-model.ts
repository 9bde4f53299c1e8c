import type { CertificateData, KeyData } from "./certificate-data.js";

/** How the server's certificate is checked; kubectl refuses a CA together with skipping the check. */
export type ServerVerification =
  | { readonly kind: "system-roots" }
  | { readonly kind: "certificate-authority"; readonly certificateAuthority: CertificateData }
  /** insecure-skip-tls-verify, only ever chosen under the allowInsecure opt-in. */
  | { readonly kind: "skipped" };

/** A cluster entry that passed every check. */
export interface ClusterSpec {
  readonly server: string;
  /** Only ever true under the allowInsecure opt-in. */
  readonly plainHttp: boolean;
  readonly verification: ServerVerification;
  readonly tlsServerName: string | undefined;
  /** Only ever set under the allowInsecure opt-in. */
  readonly proxyUrl: string | undefined;
  readonly disableCompression: boolean;
}

/** Exactly one way to authenticate; a user entry with none or two never gets this far. */
export type UserAuth =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "client-certificate"; readonly certificate: CertificateData; readonly key: KeyData };

export interface ContextSpec {
  readonly cluster: string;
  readonly user: string;
  readonly namespace: string | undefined;
}

export interface Named<T> {
  readonly name: string;
  readonly value: T;
}

/** The current context with the cluster and user it references: all that is kept. */
export interface CurrentSelection {
  readonly context: Named<ContextSpec>;
  readonly cluster: Named<ClusterSpec>;
  readonly user: Named<UserAuth>;
}
