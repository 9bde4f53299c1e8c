import { documentPath } from "./config-path.js";
import { exportCommand } from "./export-command.js";
import type { KubeconfigProblem } from "./public-types.js";

export type DecodedInput =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: KubeconfigProblem };

// Anything outside this alphabet (a colon, a brace) means the text is YAML or
// JSON already; a kubeconfig always has at least one `key:`.
const base64Text = /^[A-Za-z0-9+/_=\s-]+$/;
const base64Body = /^[A-Za-z0-9+/]*$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function refuse(message: string): DecodedInput {
  return { ok: false, problem: { path: documentPath, message } };
}

/**
 * Turns the upload into YAML or JSON text: enforces the size cap on the raw
 * input before any other work, then unwraps one layer of base64 if present.
 */
export function decodeInput(input: string | Uint8Array, maxBytes: number): DecodedInput {
  if (exceedsSize(input, maxBytes)) {
    return refuse(`is larger than the ${maxBytes}-byte limit; upload only the context you need (${exportCommand})`);
  }
  const text = typeof input === "string" ? input : bytesToText(input);
  if (text === undefined)
    return refuse("is not UTF-8 text; upload the YAML or JSON file itself, or its base64 encoding");
  const unwrapped = looksLikeBase64(text) ? base64ToText(text) : stripBom(text);
  if (unwrapped === undefined) {
    return refuse(
      "looks like base64 but does not decode to UTF-8 text; upload the YAML or JSON file itself, or its base64 encoding",
    );
  }
  if (loneSurrogate.test(unwrapped)) return refuse("contains invalid Unicode; upload the file as UTF-8 text");
  if (unwrapped.trim() === "") return refuse(`is empty; upload the output of ${exportCommand}`);
  return { ok: true, text: unwrapped };
}

function exceedsSize(input: string | Uint8Array, maxBytes: number): boolean {
  if (typeof input !== "string") return input.byteLength > maxBytes;
  // Every UTF-16 unit is at least one UTF-8 byte and at most three, so the
  // exact count is only needed in between; a huge string is refused at once.
  if (input.length > maxBytes) return true;
  if (input.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(input, "utf8") > maxBytes;
}

function bytesToText(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function stripBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

function looksLikeBase64(text: string): boolean {
  return base64Text.test(text) && text.trim() !== "";
}

/** Accepts standard and URL-safe alphabets, with or without padding, wrapped at any width. */
function base64ToText(text: string): string | undefined {
  const compact = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  const body = compact.replace(/={1,2}$/, "");
  const padded = body.length !== compact.length;
  if (!base64Body.test(body) || body.length % 4 === 1) return undefined;
  if (padded && compact.length % 4 !== 0) return undefined;
  const decoded = bytesToText(Buffer.from(body, "base64"));
  return decoded === undefined ? undefined : stripBom(decoded);
}
