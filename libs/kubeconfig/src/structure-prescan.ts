import { maxNestingDepth } from "./nesting-limits.js";

export type PrescanVerdict = "acceptable" | "too-deep" | "too-large";

// The yaml lexer recurses once per indicator in a run like `- - - - x` or
// `&a &b !t x`, so a long run overflows the stack before any depth check on
// the parsed tree could run. The scan below over-counts such runs (it ignores
// quoting) and therefore never lets a longer one through.
const maxIndicatorRun = maxNestingDepth;

// Deep brackets parse correctly but slowly (seconds for a megabyte of `[`);
// refusing an absurd bracket depth early keeps the worst case cheap. Brackets
// inside quoted strings count too, so the bound is far above the real cap.
const maxBracketDepth = 16 * maxNestingDepth;

// The yaml parser spends microseconds per node, so a megabyte of `- x` lines
// costs seconds. A kubeconfig with a hundred contexts has a few thousand
// indicators; this bound is two orders of magnitude above that.
export const maxStructuralTokens = 100_000;

const space = 0x20;
const tab = 0x09;
const lf = 0x0a;
const cr = 0x0d;

function isBreakOrSpace(code: number): boolean {
  return code === space || code === tab || code === lf || code === cr;
}

function isFlowIndicator(code: number): boolean {
  return code === 0x2c || code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d; // , [ ] { }
}

function isAnchorOrTag(code: number): boolean {
  return code === 0x26 || code === 0x21; // & !
}

/** Decides in one linear pass, before the yaml parser sees the text, whether parsing it is safe and cheap. */
export function prescanStructure(text: string): PrescanVerdict {
  let run = 0;
  let brackets = 0;
  let structural = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === space || code === tab) continue;
    if (code === 0x5b || code === 0x7b) {
      brackets++;
      structural++;
      run = 0;
      if (brackets > maxBracketDepth) return "too-deep";
    } else if (code === 0x5d || code === 0x7d || code === 0x2c) {
      if (code !== 0x2c) brackets = Math.max(0, brackets - 1);
      structural++;
      run = 0;
    } else if (code === 0x2d || code === 0x3f || code === 0x3a) {
      // - ? : act as indicators only when followed by a space, a line end or a flow indicator.
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : space;
      const indicator = isBreakOrSpace(next) || isFlowIndicator(next);
      run = indicator ? run + 1 : 0;
      if (indicator) structural++;
    } else if (isAnchorOrTag(code)) {
      // An anchor or tag runs to the next space; anchors and tags inside it count as well.
      run++;
      structural++;
      while (
        i + 1 < text.length &&
        !isBreakOrSpace(text.charCodeAt(i + 1)) &&
        !isFlowIndicator(text.charCodeAt(i + 1))
      ) {
        i++;
        if (isAnchorOrTag(text.charCodeAt(i))) run++;
      }
    } else {
      run = 0;
    }
    if (run > maxIndicatorRun) return "too-deep";
    if (structural > maxStructuralTokens) return "too-large";
  }
  return "acceptable";
}
