/**
 * The user that files created by this process belong to. The effective uid,
 * not the real one: the kernel stamps new files with the effective uid, so
 * that is the owner every check must expect.
 */
export function currentUid(): number {
  if (process.geteuid === undefined) {
    // Without POSIX owners and modes none of the guarantees can be checked.
    throw new Error("@acp/secure-files needs a POSIX platform with process.geteuid()");
  }
  return process.geteuid();
}
