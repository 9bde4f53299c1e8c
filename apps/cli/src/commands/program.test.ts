import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { capturedIo, runCli } from "../testing/captured-io.js";
import { addGlobalOptions } from "./global-options.js";
import { buildProgram, commandWord, nounModules } from "./program.js";

const rootOptions = (() => {
  const program = new Command("acpctl").version("0", "--version");
  addGlobalOptions(program);
  return program.options;
})();

describe("commandWord", () => {
  it("skips the root's options and their values, in both spellings", () => {
    expect(commandWord(rootOptions, ["credential", "list"])).toBe("credential");
    expect(commandWord(rootOptions, ["--server", "http://x", "--http2", "credential", "list"])).toBe("credential");
    expect(commandWord(rootOptions, ["--context=prod", "--request-timeout", "5s", "project"])).toBe("project");
    expect(commandWord(rootOptions, ["--", "session"])).toBe("session");
  });

  it("finds none behind an option the root does not know, or on an empty line", () => {
    expect(commandWord(rootOptions, ["-o", "json", "credential"])).toBeUndefined();
    expect(commandWord(rootOptions, ["--server"])).toBeUndefined();
    expect(commandWord(rootOptions, [])).toBeUndefined();
  });
});

describe("buildProgram", () => {
  const outcome = { exitCode: 0 };
  const topLevel = (program: Command) => program.commands.flatMap((c) => [c.name(), ...c.aliases()]);

  it("lists for each noun module exactly the words that noun registers", async () => {
    for (const module of nounModules) {
      const program = new Command("acpctl");
      (await module.load()).register(program, capturedIo(), outcome);
      expect(topLevel(program).sort()).toEqual([...module.words].sort());
    }
  });

  it("loads only the noun a line names, and every noun for help, completion or an unknown word", async () => {
    const io = capturedIo();
    expect(topLevel(await buildProgram(io, outcome, ["--server", "http://x", "credentials", "list"]))).toEqual([
      "credential",
      "credentials",
    ]);
    const every = nounModules.flatMap((module) => module.words);
    for (const argv of [[], ["--help"], ["help", "credential"], ["completion", "bash"], ["credentail"]]) {
      expect(topLevel(await buildProgram(io, outcome, argv)).sort()).toEqual([...every].sort());
    }
  });

  it("still suggests the command a typo meant", async () => {
    const { code, stderr } = await runCli(["credentail", "list"]);
    expect(code).toBe(2);
    expect(stderr).toContain("(Did you mean credential?)");
  });
});
