export interface PemBlock {
  readonly label: string;
  /** The armored block alone, as node:crypto expects it. */
  readonly pem: string;
}

export type PemData =
  | { readonly ok: true; readonly base64: string; readonly blocks: readonly [PemBlock, ...PemBlock[]] }
  | { readonly ok: false; readonly message: string };

// Go's decoder, which kubectl uses for *-data fields, skips line breaks but
// nothing else, and insists on padding.
const strictBase64 = /^[A-Za-z0-9+/]*={0,2}$/;
const beginLine = /^-----BEGIN ([A-Z0-9 ]{1,40})-----$/;
const endLine = /^-----END ([A-Z0-9 ]{1,40})-----$/;

const notBase64 = "is not valid base64; copy the value from kubectl config view --raw unchanged";
const noPem =
  "does not decode to PEM (-----BEGIN ...----- and -----END ...----- lines); base64-encode the PEM file itself (base64 -w0 FILE)";
const brokenArmor =
  "holds a PEM block whose BEGIN and END lines do not pair up; base64-encode the complete, unedited PEM file";

/** Decodes a `*-data` field: base64 of one or more PEM blocks, each with one of the accepted labels. */
export function decodePemData(value: string, acceptedLabels: readonly string[]): PemData {
  const compact = value.replace(/[\r\n]/g, "");
  if (!strictBase64.test(compact) || compact.length % 4 !== 0) return { ok: false, message: notBase64 };
  const bytes = Buffer.from(compact, "base64");
  // latin1 never fails; PEM armor is ASCII, so other bytes simply do not match.
  const blocks = readBlocks(bytes.toString("latin1"));
  if (blocks === undefined) return { ok: false, message: brokenArmor };
  const [first, ...rest] = blocks;
  if (first === undefined) return { ok: false, message: noPem };
  const unexpected = blocks.find((block) => !acceptedLabels.includes(block.label));
  if (unexpected !== undefined) {
    return {
      ok: false,
      message: `holds a PEM "${unexpected.label}" block where ${acceptedLabels.map((label) => `"${label}"`).join(" or ")} is expected; encode the right file`,
    };
  }
  return { ok: true, base64: bytes.toString("base64"), blocks: [first, ...rest] };
}

/** Line by line, so hostile input costs linear time; text between blocks is ignored, as in Go's pem package. */
function readBlocks(text: string): PemBlock[] | undefined {
  const blocks: PemBlock[] = [];
  let open: { label: string; body: string[] } | undefined;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trimEnd();
    const begin = beginLine.exec(line);
    if (open === undefined) {
      if (begin?.[1] !== undefined) open = { label: begin[1], body: [] };
      else if (endLine.test(line)) return undefined;
      continue;
    }
    const end = endLine.exec(line);
    if (begin !== null || (end !== null && end[1] !== open.label)) return undefined;
    if (end === null) {
      open.body.push(line);
      continue;
    }
    blocks.push({ label: open.label, pem: [`-----BEGIN ${open.label}-----`, ...open.body, line, ""].join("\n") });
    open = undefined;
  }
  return open === undefined ? blocks : undefined;
}
