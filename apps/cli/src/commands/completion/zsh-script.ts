import { type CompletionNode, optionWords } from "./completion-tree.js";

/** A zsh completion function for the tree: `source <(acpctl completion zsh)` after compinit. */
export function zshScript(nodes: readonly CompletionNode[]): string {
  const valueCases = nodes.flatMap((node) =>
    node.options
      .filter((option) => option.takesValue)
      .map((option) => {
        const keys = option.flags.map((flag) => `"${node.path} ${flag}"`).join("|");
        const reply =
          option.choices.length > 0 ? `compadd -- ${option.choices.join(" ")}` : option.takesFile ? "_files" : ":";
        return `    ${keys}) ${reply}; return ;;`;
      }),
  );
  const wordCases = nodes.map(
    (node) => `    "${node.path}") compadd -- ${[...node.words, ...optionWords(node)].join(" ")} ;;`,
  );
  // `path` is special in zsh (it is $PATH as an array), hence `cmdpath`.
  return `#compdef acpctl
# acpctl completion for zsh. Load it with:  source <(acpctl completion zsh)
_acpctl() {
  local -a cmdpaths
  cmdpaths=(${nodes
    .map((node) => node.path)
    .filter((path) => path !== "")
    .join(" ")})
  local cmdpath="" word next i
  for ((i = 2; i < CURRENT; i++)); do
    word=\${words[i]}
    next=\${cmdpath:+$cmdpath/}$word
    if (( \${cmdpaths[(Ie)$next]} )); then cmdpath=$next; fi
  done
  local prev=\${words[CURRENT-1]}
  case "$cmdpath $prev" in
${valueCases.join("\n")}
  esac
  case "$cmdpath" in
${wordCases.join("\n")}
  esac
}

if (( ! $+functions[compdef] )); then autoload -Uz compinit && compinit; fi
compdef _acpctl acpctl
`;
}
