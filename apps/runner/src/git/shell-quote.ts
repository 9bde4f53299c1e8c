// Words made only of these need no quotes; keeping them bare keeps the
// helper line readable in `git config --list`.
const plainWord = /^[A-Za-z0-9_/.,:=@%+-]+$/;

/** One argument as a POSIX shell word: git runs a `!` helper with `sh -c`. */
export function shellQuote(word: string): string {
  if (plainWord.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
