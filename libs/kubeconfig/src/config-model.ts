import type { CertificateData, KeyData } from "./certificate-data.js";

/** A cluster entry that passed every check. */
export interface ClusterSpec {
  readonly server: string;
  /** Only ever true under the allowInsecure opt-in. */
  readonly plainHttp: boolean;
  readonly certificateAuthority: CertificateData | undefined;
  readonly tlsServerName: string | undefined;
  /** Only ever true under the allowInsecure opt-in, and never together with certificateAuthority. */
  readonly insecureSkipTlsVerify: boolean;
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
