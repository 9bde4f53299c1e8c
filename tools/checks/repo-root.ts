import { fileURLToPath } from "node:url";

// Computed from this file's location, not process.cwd(), so the gates check the
// same tree whether vitest is started from the root or from a workspace.
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
