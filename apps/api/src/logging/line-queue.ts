/**
 * Log lines waiting to be written, with their sizes in bytes (as stderr counts
 * them), taken out in chunks that end on a line boundary.
 */
export interface LineQueue {
  readonly bytes: number;
  readonly empty: boolean;
  push(line: string): void;
  /**
   * Whole lines, each with its newline, up to `limit` bytes; at least one line,
   * so a line longer than the limit still goes out, alone.
   */
  take(limit?: number): string;
}

export function createLineQueue(): LineQueue {
  let lines: string[] = [];
  let sizes: number[] = [];
  let head = 0;
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    get empty() {
      return head === lines.length;
    },
    push(line) {
      const size = Buffer.byteLength(line) + 1;
      lines.push(line);
      sizes.push(size);
      bytes += size;
    },
    take(limit = Number.POSITIVE_INFINITY) {
      let end = head;
      let taken = 0;
      while (end < lines.length && (end === head || taken + sizes[end]! <= limit)) taken += sizes[end++]!;
      const text = `${lines.slice(head, end).join("\n")}\n`;
      bytes -= taken;
      head = end;
      if (head === lines.length) {
        lines = [];
        sizes = [];
        head = 0;
      }
      return text;
    },
  };
}
