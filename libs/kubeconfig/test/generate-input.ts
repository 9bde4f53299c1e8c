/** Inputs too large or too regular to commit, described in a case's expected.json instead. */
export type InputRecipe =
  | { readonly recipe: "oversize"; readonly bytes: number }
  | { readonly recipe: "deep-flow"; readonly depth: number }
  | { readonly recipe: "deep-compact-sequence"; readonly depth: number }
  | { readonly recipe: "deep-indentation"; readonly depth: number };

// A valid file, so the generated part is the only thing wrong with the result.
const validPrefix = `apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster:
    server: https://api.example.com:6443
contexts:
- name: dev
  context:
    cluster: dev
    user: dev
current-context: dev
users:
- name: dev
  user:
    token: kT7pQ2wX9vL4mN8cR3sY6bF1hJ5dG0aE
`;

function generateText(recipe: InputRecipe): string {
  switch (recipe.recipe) {
    case "oversize": {
      const line = "# padding to exceed the size cap\n";
      const count = Math.ceil((recipe.bytes - validPrefix.length) / line.length);
      return validPrefix + line.repeat(Math.max(0, count));
    }
    case "deep-flow":
      return `${validPrefix}extensions: ${"[".repeat(recipe.depth)}${"]".repeat(recipe.depth)}\n`;
    case "deep-compact-sequence":
      return `${validPrefix}extensions:\n${"- ".repeat(recipe.depth)}x\n`;
    case "deep-indentation": {
      const lines = Array.from({ length: recipe.depth }, (_, level) => `${" ".repeat(level + 1)}level:`);
      return `${validPrefix}extensions:\n- name: deep\n  extension:\n${lines.map((line) => `  ${line}`).join("\n")} end\n`;
    }
  }
}

export function generateInput(recipe: InputRecipe): Uint8Array {
  return new TextEncoder().encode(generateText(recipe));
}
