/** Permission bits that let anyone but the owner read, write or search. */
export const groupOtherBits = 0o077;

export function permissionBits(mode: number): number {
  return mode & 0o7777;
}

/** `0755`, as `ls` and `chmod` users read modes. */
export function formatMode(mode: number): string {
  return `0${permissionBits(mode).toString(8).padStart(3, "0")}`;
}
