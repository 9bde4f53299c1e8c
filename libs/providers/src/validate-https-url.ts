/**
 * The longest url a credential may hold. Tools send it in request lines and
 * write it into config files, where 2,048 bytes is what every proxy and
 * client carries; and every listing returns it, so an unbounded one would let
 * a single user make the list too large to answer.
 */
export const maxUrlBytes = 2048;

/** Returns why `value` is not an acceptable credential url, or undefined if it is. */
export function validateHttpsUrl(value: string): string | undefined {
  // Before any pattern or parser runs, so a huge value costs one pass.
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > maxUrlBytes) return `url is ${bytes} bytes; at most ${maxUrlBytes} bytes are allowed`;
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
