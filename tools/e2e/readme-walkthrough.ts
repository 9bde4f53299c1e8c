// Reads a README section's fenced blocks so a test can prove that every
// command the walkthrough tells people to type is one the test ran, with the
// same subcommands and flags: the README cannot drift from what works.

/** The programs a walkthrough may tell people to run; anything else cannot be proven and fails the check. */
export const exercisedPrograms = ["acpctl", "acp-runner", "kubectl"] as const;

/** The text of `## <heading>` up to the next `## ` heading. */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`the README has no "## ${heading}" section`);
  const rest = readme.slice(start + 1);
  const end = rest.indexOf("\n## ", 1);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** The bodies of the section's ```<lang> blocks, in order. */
export function fencedBlocks(section: string, lang: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, "gm");
  for (const match of section.matchAll(fence)) blocks.push(match[1]!);
  return blocks;
}

/**
 * The command lines of a shell block as argv: `\` continuations joined,
 * comments, a leading `npx`, `NAME=$( … )` around a command and a trailing
 * `> file` dropped, double quotes removed.
 */
export function shellCommands(block: string): string[][] {
  const commands: string[][] = [];
  for (const raw of block.replace(/\\\n\s*/g, " ").split("\n")) {
    let line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    line = line.replace(/^[A-Z_][A-Z0-9_]*=\$\((.*)\)$/, "$1").replace(/\s>\s*\S+$/, "");
    const argv = (line.match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"(.*)"$/, "$1"));
    commands.push(argv[0] === "npx" ? argv.slice(1) : argv);
  }
  return commands;
}

// A value the walkthrough cannot know: a path, a URL, a file name or a shell
// variable. Everything else (subcommands, flags, provider and object names) must be equal.
const placeholder = (word: string) => word.startsWith("$") || word.startsWith("~") || /[/.]/.test(word);

/** Whether a walkthrough command is `ran`: word by word, except placeholders, and anything after `--` (CMD is yours). */
export function sameCommand(walkthrough: readonly string[], ran: readonly string[]): boolean {
  const cut = walkthrough.indexOf("--");
  const words = cut < 0 ? walkthrough : walkthrough.slice(0, cut + 1);
  if (cut < 0 ? ran.length !== words.length : ran.length <= words.length) return false;
  return words.every(
    (word, i) => word === ran[i] || (placeholder(word) && ran[i] !== undefined && !ran[i]!.startsWith("-")),
  );
}

/** The walkthrough's commands that no run matches, or that run a program no test can run; empty when all are proven. */
export function unexercisedCommands(
  commands: readonly (readonly string[])[],
  ran: readonly (readonly string[])[],
): string[] {
  return commands
    .filter(
      (command) =>
        !(exercisedPrograms as readonly string[]).includes(command[0] ?? "") ||
        !ran.some((done) => sameCommand(command, done)),
    )
    .map((command) => command.join(" "));
}
