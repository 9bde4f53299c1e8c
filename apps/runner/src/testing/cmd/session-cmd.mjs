// CMD for the runner's end-to-end tests: looks at the session from the
// inside, as an agent would, and writes what it saw to a report file for the
// test to judge. Plain node, no imports beyond it; nothing secret on its argv
// (the report path and a mode only).
//
//   observe REPORT CODE    write the report, exit CODE
//   wait REPORT            write the report, then wait for a signal; record it, die of it
//   read-loop REPORT VAR   read the file $VAR names in a tight loop until a signal; record every distinct content and failure
//   git REPORT             run `git credential fill` for each probe, again for github.com once REPORT.again exists
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [mode, report, arg] = process.argv.slice(2);

function observe() {
  const config = process.env.ACP_MCP_CONFIG;
  const dir = config === undefined ? undefined : dirname(config);
  const files = {};
  if (dir !== undefined) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      files[name] = { mode: stat.mode & 0o7777, file: stat.isFile(), contents: readFileSync(path, "utf8") };
    }
  }
  const workdirMcp = existsSync(".mcp.json") ? readFileSync(".mcp.json", "utf8") : undefined;
  return {
    pid: process.pid,
    cwd: process.cwd(),
    env: process.env,
    dir,
    dirMode: dir === undefined ? undefined : lstatSync(dir).mode & 0o7777,
    files,
    workdirMcp,
  };
}

function write(value) {
  writeFileSync(`${report}.tmp`, JSON.stringify(value));
  // Renamed into place so the test never reads half a report.
  renameSync(`${report}.tmp`, report);
}

function onSignals(handler) {
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => handler(signal));
}

function dieOf(signal) {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

const probes = [
  "protocol=https\nhost=github.com\n\n",
  "protocol=https\nhost=github.com.evil.test\n\n",
  "protocol=https\nhost=evilgithub.com\n\n",
  "protocol=https\nhost=github.com:8443\n\n",
  "protocol=http\nhost=github.com\n\n",
];

function fill(input) {
  try {
    // GIT_TERMINAL_PROMPT=0: with no helper answer git fails instead of asking.
    return execFileSync("git", ["credential", "fill"], {
      input,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "" },
      stdio: ["pipe", "pipe", "pipe"],
    }).toString();
  } catch {
    return "";
  }
}

switch (mode) {
  case "observe":
    write(observe());
    process.exit(Number(arg));
    break;
  case "wait":
    onSignals((signal) => {
      writeFileSync(`${report}.signal`, signal);
      dieOf(signal);
    });
    write(observe());
    setInterval(() => {}, 1000);
    break;
  case "read-loop": {
    const seen = new Map();
    const failures = [];
    let reads = 0;
    onSignals((signal) => {
      write({ reads, seen: [...seen.entries()], failures });
      dieOf(signal);
    });
    const loop = () => {
      for (let i = 0; i < 200; i++) {
        reads++;
        try {
          const text = readFileSync(process.env[arg], "utf8");
          seen.set(text, (seen.get(text) ?? 0) + 1);
        } catch (error) {
          failures.push(error.code);
        }
      }
      setImmediate(loop);
    };
    writeFileSync(`${report}.ready`, "");
    loop();
    break;
  }
  case "git": {
    write({ answers: probes.map(fill) });
    const again = setInterval(() => {
      if (!existsSync(`${report}.again`)) return;
      clearInterval(again);
      writeFileSync(`${report}.second`, fill(probes[0]));
      process.exit(0);
    }, 20);
    break;
  }
  default:
    process.stderr.write(`session-cmd: unknown mode ${mode}\n`);
    process.exit(2);
}
