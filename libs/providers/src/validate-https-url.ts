/** Returns why `value` is not an acceptable credential url, or undefined if it is. */
export function validateHttpsUrl(value: string): string | undefined {
  // URL parsing silently strips surrounding whitespace and control characters;
  // refuse them instead so the stored url is exactly what the tools receive.
  if (/[\s\p{Cc}]/u.test(value)) return "url must not contain whitespace or control characters";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "url is not a valid absolute URL";
  }
  // Tokens are sent to this host; plain http would expose them on the wire.
  if (url.protocol !== "https:") return "url must be an https:// URL";
  if (url.username !== "" || url.password !== "") return "url must not contain a user name or password";
  return undefined;
}
