import packageJson from "../../package.json" with { type: "json" };
import type { Noun } from "./noun.js";
import { addVerb, type Verb } from "./verb.js";

/** The version in apps/cli/package.json, bundled in at build time. */
export const cliVersion: string = packageJson.version;

export const versionVerb: Verb<Record<string, never>> = {
  spec: "version",
  summary: "print acpctl's version",
  parse: () => ({}),
  async run(_options, io) {
    io.stdout.write(`acpctl ${cliVersion} (node ${process.version})\n`);
    return 0;
  },
};

export const versionNoun: Noun = {
  register(program, io, outcome) {
    addVerb(program, versionVerb, io, outcome);
  },
};
