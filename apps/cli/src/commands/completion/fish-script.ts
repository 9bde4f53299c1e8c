import type { CompletionNode } from "./completion-tree.js";

/** fish completions for the tree: `acpctl completion fish | source`. */
export function fishScript(nodes: readonly CompletionNode[]): string {
  const lines = nodes.flatMap((node) => {
    const when = `-n '__acpctl_at "${node.path}"'`;
    const words = node.words.length > 0 ? [`complete -c acpctl ${when} -a '${node.words.join(" ")}'`] : [];
    const options = node.options.map((option) => {
      const spellings = option.flags
        .map((flag) => (flag.startsWith("--") ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`))
        .join(" ");
      const value =
        option.choices.length > 0
          ? ` -x -a '${option.choices.join(" ")}'`
          : option.takesFile
            ? " -r -F"
            : option.takesValue
              ? " -x"
              : "";
      return `complete -c acpctl ${when} ${spellings}${value}`;
    });
    return [...words, ...options];
  });
  return `# acpctl completion for fish. Load it with:  acpctl completion fish | source
function __acpctl_path
    set -l cmdpaths ${nodes
      .map((node) => node.path)
      .filter((path) => path !== "")
      .join(" ")}
    set -l cmdpath ""
    for word in (commandline -opc)[2..-1]
        set -l next $word
        test -n "$cmdpath"; and set next "$cmdpath/$word"
        contains -- $next $cmdpaths; and set cmdpath $next
    end
    echo $cmdpath
end

function __acpctl_at
    set -l here (__acpctl_path)
    test "$here" = "$argv[1]"
end

complete -c acpctl -f
${lines.join("\n")}
`;
}
