import { expect, test } from "vitest";
import { runBuf } from "./buf.js";

test("buf lint passes on proto/", () => {
  const res = runBuf(["lint"]);
  expect(res.output, "buf lint findings").toBe("");
  expect(res.code).toBe(0);
});
