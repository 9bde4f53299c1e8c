import { documentPath } from "./config-path.js";
import { decodeInput } from "./decode-input.js";
import { minify } from "./minify.js";
import { parseYaml } from "./parse-yaml.js";
import type { KubeconfigOptions, KubeconfigResult } from "./public-types.js";
import { checkConfig } from "./schema-rules.js";
import { summarize } from "./summarize.js";

/**
 * Validates an uploaded kubeconfig (YAML, JSON, or base64 of either) and
 * returns the minified file to store with its summary, or every problem found.
 * Never throws; problem messages never quote a value from the input.
 */
export function validateKubeconfig(input: string | Uint8Array, options: KubeconfigOptions): KubeconfigResult {
  try {
    return validate(input, options);
  } catch {
    // A bug must still yield a refusal rather than an exception, and the
    // exception's text is not passed on because it might quote the input.
    return {
      ok: false,
      problems: [
        {
          path: documentPath,
          message: "could not be validated because of an internal error; report this, without the file",
        },
      ],
    };
  }
}

function validate(
  input: string | Uint8Array,
  { maxBytes, allowInsecure, context }: KubeconfigOptions,
): KubeconfigResult {
  // A malformed cap must not turn into no cap at all.
  const cap = Number.isFinite(maxBytes) && maxBytes >= 0 ? maxBytes : 0;
  const decoded = decodeInput(input, cap);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const parsed = parseYaml(decoded.text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const checked = checkConfig(parsed.value, allowInsecure === true, context);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  return { ok: true, minified: minify(checked.current), summary: summarize(checked.current) };
}
