import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `npm run test:reliability`: the whole reliability suite, its fast part
// (tools/reliability/*.test.ts, also in `npm test`) and its long part
// (*.reliability.ts, which `npm test` never picks up). Not mergeConfig: it
// would append to the base include and run every suite of the repository.
export default defineConfig({
  test: {
    ...base.test,
    include: ["tools/reliability/**/*.{test,reliability}.ts"],
    testTimeout: 600_000,
    // One file at a time: each measures a server, and a neighbour's load would blur it.
    fileParallelism: false,
  },
});
