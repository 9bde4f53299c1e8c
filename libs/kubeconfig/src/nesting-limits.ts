import { exportCommand } from "./export-command.js";

/**
 * A kubeconfig nests about eight levels deep; the cap leaves room for
 * extensions while keeping every recursive step of parsing far from the
 * stack limit.
 */
export const maxNestingDepth = 64;

export const nestingMessage = `nests collections more than ${maxNestingDepth} levels deep, which no kubeconfig needs; upload the output of ${exportCommand}`;
