#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so the repo needs no build
// step before `npm start`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
// Exit explicitly: a pooled database client or an idle keep-alive must not keep a
// finished admin command alive. stdout is synchronous for files and pipes on Linux.
process.exit(await main(process.argv.slice(2)));
