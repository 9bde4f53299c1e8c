// Deliberately loose: the provider is the authority on addresses; this only
// catches values that are plainly something else (a token, a URL, a name).
const email = /^[^\s\p{Cc}@]+@[^\s\p{Cc}@.]+(?:\.[^\s\p{Cc}@.]+)+$/u;
/** RFC 5321: a forward path is at most 256 octets including the angle brackets. */
export const maxEmailLength = 254;

/** Returns why `value` is not an acceptable credential email, or undefined if it is. */
export function validateEmailAddress(value: string): string | undefined {
  if (value.length > maxEmailLength) return `email is longer than ${maxEmailLength} characters`;
  if (!email.test(value)) return "email must look like name@example.com";
  return undefined;
}
