// Deliberately loose: the provider is the authority on addresses; this only
// catches values that are plainly something else (a token, a URL, a name).
const EMAIL = /^[^\s\p{Cc}@]+@[^\s\p{Cc}@.]+(?:\.[^\s\p{Cc}@.]+)+$/u;
const MAX_EMAIL_LENGTH = 254;

/** Returns why `value` is not an acceptable credential email, or undefined if it is. */
export function validateEmailAddress(value: string): string | undefined {
  if (value.length > MAX_EMAIL_LENGTH) return `email is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (!EMAIL.test(value)) return "email must look like name@example.com";
  return undefined;
}
