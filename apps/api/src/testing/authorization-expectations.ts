// Test support: the authorization matrix's expectation table, the code every
// principal must get from every row. It states the access rules as intended
// (the contract's comments and the issue that specified them), not as the
// code happens to answer: a cell the code gets wrong stays wrong here and fails.
import { Code } from "@connectrpc/connect";
import type { principalNames } from "./authorization-principals.js";

export type Expected = Code | "OK";

const ok = "OK";
const un = Code.Unauthenticated;
const pd = Code.PermissionDenied;
const nf = Code.NotFound;

/** One code per principal, in principalNames' order; the compiler holds every row to thirteen. */
type Columns<T extends readonly unknown[]> = { readonly [K in keyof T]: Expected };
export type ExpectedRow = Columns<typeof principalNames>;

// Columns, in groups:
//   none, malformed, revoked, expiredRunner, endedRunner: no caller is established
//   plain, credentialOwner, projectOwner, projectEditor, projectViewer, admin: users
//   runner (of S, in P), otherRunner (of S2, in P2)
// ok = OK, un = Unauthenticated, pd = PermissionDenied, nf = NotFound
export const expectations: Readonly<Record<string, Readonly<Record<string, ExpectedRow>>>> = {
  Health: {
    Check: [ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok],
  },
  // Only the owner and admins see a credential; to anyone else it does not exist.
  CredentialService: {
    CreateCredential: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "GetCredential (C by id)": [un, un, un, un, un, nf, ok, nf, nf, nf, ok, pd, pd],
    // The contract looks a name up among the caller's own credentials, an admin's too.
    "GetCredential (C by name)": [un, un, un, un, un, nf, ok, nf, nf, nf, nf, pd, pd],
    ListCredentials: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "ListCredentials (all owners)": [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    "UpdateCredential (C's description)": [un, un, un, un, un, nf, ok, nf, nf, nf, ok, pd, pd],
    "DeleteCredential (a fresh one of the credential owner's)": [un, un, un, un, un, nf, ok, nf, nf, nf, ok, pd, pd],
    "GetCredentialSecret (C)": [un, un, un, un, un, nf, ok, nf, nf, nf, ok, pd, pd],
  },
  // Everyone manages their own tokens; only admins manage users and others' tokens.
  UserService: {
    GetCurrentUser: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    CreateUser: [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    ListUsers: [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    "CreateApiToken (self)": [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "CreateApiToken (another user)": [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    "ListApiTokens (self)": [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "ListApiTokens (another user)": [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    "RevokeApiToken (own fresh token)": [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "RevokeApiToken (another user's token)": [un, un, un, un, un, nf, nf, nf, nf, nf, ok, pd, pd],
  },
  // Admins see the whole trail, others the events on their own credentials.
  AuditService: {
    ListAuditEvents: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    HashAuditValue: [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
  },
  // A project does not exist for a non-member; a member whose role is too low is told so.
  ProjectService: {
    CreateProject: [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    "GetProject (P)": [un, un, un, un, un, nf, nf, ok, ok, ok, ok, pd, pd],
    ListProjects: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "DeleteProject (a fresh copy of P)": [un, un, un, un, un, nf, nf, ok, pd, pd, ok, pd, pd],
    "AddProjectMember (the bystander, to a fresh copy of P)": [un, un, un, un, un, nf, nf, ok, pd, pd, ok, pd, pd],
    "RemoveProjectMember (the bystander, from a fresh copy of P)": [un, un, un, un, un, nf, nf, ok, pd, pd, ok, pd, pd],
    "ListProjectMembers (P)": [un, un, un, un, un, nf, nf, ok, ok, ok, ok, pd, pd],
  },
  // Binding needs the credential's owner who is also an editor of the target's
  // project; a global binding, an admin who owns the credential.
  BindingService: {
    "CreateBinding (C, to an agent of P)": [un, un, un, un, un, nf, nf, nf, nf, nf, pd, pd, pd],
    "CreateBinding (own fresh credential, to P)": [un, un, un, un, un, nf, nf, ok, ok, pd, ok, pd, pd],
    "CreateBinding (own fresh credential, global)": [un, un, un, un, un, pd, pd, pd, pd, pd, ok, pd, pd],
    ListBindings: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "ListBindings (project P)": [un, un, un, un, un, nf, nf, ok, ok, ok, ok, pd, pd],
    "DeleteBinding (a fresh binding of C in P)": [un, un, un, un, un, nf, ok, ok, ok, pd, ok, pd, pd],
  },
  // Viewers see a project's sessions, editors start and end them; a runner reads only its own.
  SessionService: {
    "CreateSession (in P)": [un, un, un, un, un, nf, nf, ok, ok, pd, ok, pd, pd],
    "GetSession (S)": [un, un, un, un, un, nf, nf, ok, ok, ok, ok, pd, pd],
    ListSessions: [un, un, un, un, un, ok, ok, ok, ok, ok, ok, pd, pd],
    "ListSessions (project P)": [un, un, un, un, un, nf, nf, ok, ok, ok, ok, pd, pd],
    "EndSession (a fresh session in P)": [un, un, un, un, un, nf, nf, ok, ok, pd, ok, pd, pd],
    "GetSessionCredentials (own session, id empty)": [un, un, un, un, un, pd, pd, pd, pd, pd, pd, ok, ok],
    "GetSessionCredentials (S)": [un, un, un, un, un, pd, pd, pd, pd, pd, pd, ok, pd],
    "GetSessionCredentials (S2)": [un, un, un, un, un, pd, pd, pd, pd, pd, pd, pd, ok],
    "WatchSessionCredentials (own session, id empty)": [un, un, un, un, un, pd, pd, pd, pd, pd, pd, ok, ok],
    "WatchSessionCredentials (S)": [un, un, un, un, un, pd, pd, pd, pd, pd, pd, ok, pd],
    "WatchSessionCredentials (S2)": [un, un, un, un, un, pd, pd, pd, pd, pd, pd, pd, ok],
  },
};

/** The row for a case's label, "Service.Method (variant)"; undefined when the table has none. */
export function expectedRow(label: string): ExpectedRow | undefined {
  const dot = label.indexOf(".");
  return expectations[label.slice(0, dot)]?.[label.slice(dot + 1)];
}

/** Every label the table has a row for. */
export function expectedLabels(): string[] {
  return Object.entries(expectations).flatMap(([service, rows]) => Object.keys(rows).map((row) => `${service}.${row}`));
}
