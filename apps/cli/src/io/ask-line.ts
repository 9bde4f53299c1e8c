import { createInterface } from "node:readline";

/**
 * One question on a terminal. Its own module, imported with import() by the
 * prompter, so node:readline is loaded for the question, not at start-up:
 * only a terminal is ever asked one. (A static import here keeps the bundle
 * a plain script, which acpctl's code cache needs.)
 */
export function askLine(input: NodeJS.ReadStream, output: NodeJS.WriteStream, question: string): Promise<string> {
  const rl = createInterface({ input, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}
