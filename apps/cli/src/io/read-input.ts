import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.js";

/** All of a stream, as bytes. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The text of PATH, or of stdin when PATH is "-". A file that cannot be read
 * is named with the reason, never with any of its contents.
 */
export async function readTextInput(
  path: string,
  stdin: AsyncIterable<Uint8Array | string>,
  flag: string,
): Promise<string> {
  if (path === "-") return (await readAll(stdin)).toString("utf8");
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliError(`${flag} ${path}: ${typeof code === "string" ? code : "cannot be read"}`);
  }
}
