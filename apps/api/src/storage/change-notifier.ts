import type { BindingTarget } from "./access-records.js";
import type { ApiTokenId, CredentialId, ProjectId, SessionId } from "./ids.js";

/**
 * Something that may change what a session resolves to. Changes carry ids
 * only: a notification travels through PostgreSQL's NOTIFY, which any
 * connection to the database can LISTEN to, so it must never hold a value.
 */
export type Change =
  /** A credential's secret or validated fields changed, or it was deleted (with its bindings). */
  | { readonly kind: "credential"; readonly credentialId: CredentialId }
  /** A binding was added or removed. */
  | { readonly kind: "binding"; readonly credentialId: CredentialId; readonly target: BindingTarget }
  /** A session ended. */
  | { readonly kind: "session"; readonly sessionId: SessionId }
  /** A project was deleted, ending its sessions. */
  | { readonly kind: "project"; readonly projectId: ProjectId }
  /** An API token was revoked: every process forgets it at once, cached or not. */
  | { readonly kind: "token"; readonly tokenId: ApiTokenId };

export interface ChangeNotifier {
  /** Delivers the change to every subscriber of every process on this database, this one included. */
  publish(change: Change): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (change: Change) => void): () => void;
  /**
   * Called after the notifier lost its channel and got it back: changes may
   * have been missed in between, so subscribers must re-read everything.
   */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}
