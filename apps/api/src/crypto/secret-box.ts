import type { ProviderType } from "@acp/proto";
import type { CredentialId, SealedSecret } from "../storage/index.js";

/**
 * Seals and opens credential secrets with the active key of a keyring.
 * Associated data binds a ciphertext to its row, so a sealed secret copied
 * into another credential (or relabelled with another provider) fails to open.
 */
export interface SecretBox {
  readonly activeKeyId: string;
  hasKey(keyId: string): boolean;
  seal(plaintext: string, context: SealContext): SealedSecret;
  /** Throws SecretOpenError on a wrong key, tampering, or a context mismatch. */
  open(sealed: SealedSecret, context: SealContext): string;
}

export interface SealContext {
  readonly credentialId: CredentialId;
  readonly provider: ProviderType;
}

export class SecretOpenError extends Error {
  constructor(
    readonly keyId: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decrypt a secret sealed with key "${keyId}"`, options);
    this.name = "SecretOpenError";
  }
}
