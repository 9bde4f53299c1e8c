import type { CST } from "yaml";
import { maxNestingDepth } from "./nesting-limits.js";

interface Pending {
  readonly token: CST.Token | null | undefined;
  readonly depth: number;
}

/**
 * True when a collection in the parsed token tree sits deeper than the cap.
 * Composing and converting the tree recurse once per level, so this runs
 * first, and iteratively, because the tree itself may be arbitrarily deep.
 */
export function exceedsNestingDepth(tokens: readonly CST.Token[]): boolean {
  const pending: Pending[] = tokens.map((token) => ({ token, depth: 0 }));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (!token) continue;
    switch (token.type) {
      case "document":
        pending.push({ token: token.value, depth });
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        const inner = depth + 1;
        if (inner > maxNestingDepth) return true;
        // `[a: b]` composes into a sequence holding a one-pair map: one more level.
        const pairDepth = token.type === "flow-collection" && token.start.source === "[" ? inner + 1 : inner;
        for (const item of token.items) {
          const itemDepth = item.sep ? pairDepth : inner;
          pending.push({ token: item.key, depth: itemDepth }, { token: item.value, depth: itemDepth });
        }
        break;
      }
      default:
        break;
    }
  }
  return false;
}
