import { type CompletionNode, optionWords } from "./completion-tree.js";

/** A bash completion function for the tree: `source <(acpctl completion bash)`. */
export function bashScript(nodes: readonly CompletionNode[]): string {
  const valueCases = nodes.flatMap((node) =>
    node.options
      .filter((option) => option.takesValue)
      .map((option) => {
        const keys = option.flags.map((flag) => `"${node.path} ${flag}"`).join("|");
        const reply =
          option.choices.length > 0
            ? `COMPREPLY=($(compgen -W "${option.choices.join(" ")}" -- "$cur"))`
            : option.takesFile
              ? `COMPREPLY=($(compgen -f -- "$cur"))`
              : "COMPREPLY=()";
        return `    ${keys}) ${reply}; return ;;`;
      }),
  );
  const wordCases = nodes.map(
    (node) => `    "${node.path}") words="${[...node.words, ...optionWords(node)].join(" ")}" ;;`,
  );
  return `# acpctl completion for bash. Load it with:  source <(acpctl completion bash)
_acpctl_paths="${nodes
    .map((node) => node.path)
    .filter((path) => path !== "")
    .join(" ")}"

_acpctl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local cmdpath="" word next i words=""
  # The command so far: each word that extends a known command path.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    next=\${cmdpath:+$cmdpath/}$word
    case " $_acpctl_paths " in *" $next "*) cmdpath=$next ;; esac
  done
  case "$cmdpath $prev" in
${valueCases.join("\n")}
  esac
  case "$cmdpath" in
${wordCases.join("\n")}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -F _acpctl acpctl
`;
}
