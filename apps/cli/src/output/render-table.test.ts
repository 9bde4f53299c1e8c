import { describe, expect, it } from "vitest";
import { renderTable } from "./render-table.js";

describe("renderTable", () => {
  it("pads every column but the last to its widest cell, with no trailing blanks", () => {
    expect(
      renderTable(
        ["NAME", "ID"],
        [
          ["a-long-name", "1"],
          ["b", ""],
        ],
      ),
    ).toBe("NAME          ID\na-long-name   1\nb\n");
  });
});
