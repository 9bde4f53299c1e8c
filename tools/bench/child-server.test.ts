import { describe, expect, it } from "vitest";
import { listeningUrl } from "./child-server.js";

describe("listeningUrl", () => {
  it("finds the address in the API's line and in a logger's that puts msg last", () => {
    expect(listeningUrl('{"level":"info","msg":"listening","url":"http://127.0.0.1:1"}\n')).toBe("http://127.0.0.1:1");
    expect(listeningUrl('x\n{"level":30,"url":"http://127.0.0.1:2","pid":1,"msg":"listening"}\n')).toBe(
      "http://127.0.0.1:2",
    );
  });

  it("ignores a worker's own line, a half-written line and other messages", () => {
    expect(listeningUrl('{"msg":"worker listening","url":"http://127.0.0.1:3"}\n')).toBeUndefined();
    expect(listeningUrl('{"msg":"listening","url":"http://127.0.0.1:4"')).toBeUndefined();
    expect(listeningUrl('{"msg":"stopped","note":"listening"}\n')).toBeUndefined();
  });
});
