import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { routeOutput } from "./route-output.js";

function tree() {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command("tool");
  program
    .command("noun")
    .command("verb")
    .requiredOption("--name <name>", "a name")
    .action(() => {});
  routeOutput(program, {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
  });
  return { program, out, err };
}

describe("routeOutput", () => {
  it("throws instead of exiting, and follows an error with the failing command's usage line", () => {
    const { program, err } = tree();
    expect(() => program.parse(["noun", "verb"], { from: "user" })).toThrow();
    expect(err.join("")).toMatch(/required option '--name <name>' not specified\nusage: tool noun verb \[options\]\n$/);
  });

  it("sends help to the given stdout, reaching subcommands created before the call", () => {
    const { program, out } = tree();
    expect(() => program.parse(["noun", "verb", "--help"], { from: "user" })).toThrow();
    expect(out.join("")).toContain("Usage: tool noun verb [options]");
  });
});
