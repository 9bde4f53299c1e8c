/**
 * Not a test (timings on a shared machine are noise): µs per "rpc"-shaped log
 * line, the synchronous logger this replaced against the buffered one,
 * including the time to get every line out. Run with stderr on a pipe:
 *   npx tsx apps/api/src/logging/measure-log-cost.ts 2> >(cat > /dev/null)
 */
import { createBufferedOutput } from "./buffered-output.js";
import { createLogger, type LogFields } from "./logger.js";

const lines = 200_000;
const rounds = 5;

// The logger as it was: a spread object through JSON.stringify, a fresh ISO
// time and one blocking write per line.
function synchronousLine(msg: string, fields: LogFields) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg, ...fields })}\n`);
}

const output = createBufferedOutput(process.stderr);
const buffered = createLogger(output.sink);

async function measure(name: string, logLine: (msg: string, fields: LogFields) => void, drain: () => Promise<unknown>) {
  const results: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    // Lines come a few per event-loop turn, as calls finish in a server.
    for (let i = 0; i < lines; i += 50) {
      for (let j = 0; j < 50; j++) {
        logLine("rpc", {
          method: "acp.credentials.v1.CredentialService/GetCredentialSecret",
          protocol: "connect",
          code: "ok",
          duration_ms: Math.round(Math.random() * 10_000) / 100,
          principal: "user:0f8fad5b-d9cb-469f-a165-70867728950e",
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drain();
    const wall = ((performance.now() - start) * 1000) / lines;
    const used = process.cpuUsage(cpu);
    results.push(`${wall.toFixed(2)} wall / ${((used.user + used.system) / lines).toFixed(2)} cpu`);
  }
  process.stdout.write(`${name}: µs per line ${results.join(", ")}\n`);
}

const drained = () =>
  new Promise((resolve) =>
    process.stderr.writableLength === 0 ? resolve(undefined) : process.stderr.once("drain", resolve),
  );
await measure("synchronous (before)", synchronousLine, drained);
await measure(
  "buffered (after)",
  (msg, fields) => buffered.info(msg, fields),
  () => output.flush(),
);
