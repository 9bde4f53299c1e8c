import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,libs,tools}/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    // Suites start servers and child processes; the machine has two cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Bins run bundles, not sources: rebuild them first when their inputs changed.
    globalSetup: ["tools/build/vitest-global-setup.ts"],
  },
});
