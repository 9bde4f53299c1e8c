// Test support: the callers the authorization matrix tries every RPC as. Their
// order is the order of the expectation table's columns, grouped by how the
// call authenticates: not at all, as a user, or as a session's runner.

export const principalNames = [
  "none",
  "malformed",
  "revoked",
  "expiredRunner",
  "endedRunner",
  "plain",
  "credentialOwner",
  "projectOwner",
  "projectEditor",
  "projectViewer",
  "admin",
  "runner",
  "otherRunner",
] as const;

export type PrincipalName = (typeof principalNames)[number];

/** How a failure names the caller. */
export const principalTitles: Readonly<Record<PrincipalName, string>> = {
  none: "no token",
  malformed: "malformed token",
  revoked: "revoked API token",
  expiredRunner: "expired runner token",
  endedRunner: "runner token of an ended session",
  plain: "plain user",
  credentialOwner: "credential owner",
  projectOwner: "project owner",
  projectEditor: "project editor",
  projectViewer: "project viewer",
  admin: "admin",
  runner: "runner of S",
  otherRunner: "runner of S2",
};

/** The callers that are users: each has an id and a working API token. */
export const userPrincipals = [
  "plain",
  "credentialOwner",
  "projectOwner",
  "projectEditor",
  "projectViewer",
  "admin",
] as const satisfies readonly PrincipalName[];

export type UserPrincipalName = (typeof userPrincipals)[number];

export function isUserPrincipal(name: PrincipalName): name is UserPrincipalName {
  return (userPrincipals as readonly PrincipalName[]).includes(name);
}
