export type UrlCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly message: string };

/**
 * Checks a server or proxy URL against the schemes allowed for it. The WHATWG
 * parser repairs input that Go's parser, used by kubectl, reads differently
 * (`https:///host`, backslashes, stray spaces), so such input is refused first.
 */
export function checkUrl(value: string, schemes: readonly string[], example: string): UrlCheck {
  const scheme = schemes.find((candidate) => value.startsWith(`${candidate}://`));
  if (scheme === undefined) {
    return {
      ok: false,
      message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(" or ")}, e.g. ${example}`,
    };
  }
  if (/[\s\\]/.test(value))
    return { ok: false, message: `must not contain spaces or backslashes; write it as e.g. ${example}` };
  const authority = value.slice(scheme.length + 3).split(/[/?#]/, 1)[0] ?? "";
  if (authority === "") return { ok: false, message: `must name a host, e.g. ${example}` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: `is not a valid URL; write it as e.g. ${example}` };
  }
  if (url.username !== "" || url.password !== "") {
    // The URL is shown in the credential's summary, so it must not carry a secret.
    return {
      ok: false,
      message:
        "must not embed a user name or password, since it is shown unmasked in the credential summary; remove them",
    };
  }
  if (url.hostname === "") return { ok: false, message: `must name a host, e.g. ${example}` };
  return { ok: true, url };
}
