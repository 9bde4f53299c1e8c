import type { Prompter } from "./process-io.js";

/** Asks on the process's terminal, writing questions to stderr so stdout stays the command's output. */
export function terminalPrompter(input: () => NodeJS.ReadStream, output: NodeJS.WriteStream): Prompter {
  return {
    line: async (question) => (await import("./ask-line.js")).askLine(input(), output, question),
    hidden: (question) => askHidden(input(), output, question),
  };
}

/**
 * Raw mode turns echo off; characters are collected here until Enter. Ctrl-C
 * and Ctrl-D give up with an empty answer rather than killing the process
 * mid-prompt with the terminal still raw.
 */
function askHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, question: string): Promise<string> {
  output.write(question);
  input.setRawMode(true);
  input.resume();
  let answer = "";
  return new Promise((resolve) => {
    const finish = (value: string) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      output.write("\n");
      resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish(answer);
        if (char === "\u0003" || char === "\u0004") return finish("");
        if (char === "\u007f" || char === "\b") answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    input.on("data", onData);
  });
}
