import { EXPORT_COMMAND } from "./export-command.js";

/**
 * A kubeconfig nests about eight levels deep; the cap leaves room for
 * extensions while keeping every recursive step of parsing far from the
 * stack limit.
 */
export const MAX_NESTING_DEPTH = 64;

export const NESTING_MESSAGE = `nests collections more than ${MAX_NESTING_DEPTH} levels deep, which no kubeconfig needs; upload the output of ${EXPORT_COMMAND}`;
