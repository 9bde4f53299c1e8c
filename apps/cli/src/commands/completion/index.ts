// Shell completion generated from commander's command tree: walked, never re-parsed.
export { bashScript } from "./bash-script.js";
export { type CompletionNode, type CompletionOption, completionTree } from "./completion-tree.js";
export { fishScript } from "./fish-script.js";
export { zshScript } from "./zsh-script.js";
