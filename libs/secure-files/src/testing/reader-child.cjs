// Run by concurrent-reader.test.ts: reads one file as fast as it can until
// told to stop, and reports every read that was not one whole version (each
// version is `size` copies of one byte). setImmediate between reads lets the
// stop message in.
const { readFileSync } = require("node:fs");

const [path, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);
let reads = 0;
const bad = [];
const versions = new Set();
let stopped = false;

function readOnce() {
  try {
    const bytes = readFileSync(path);
    reads++;
    if (bytes.length === size && bytes.equals(Buffer.alloc(size, bytes[0]))) versions.add(bytes[0]);
    else bad.push(`length ${bytes.length}`);
  } catch (error) {
    bad.push(error.code);
  }
  if (!stopped) setImmediate(readOnce);
}

process.on("message", () => {
  stopped = true;
  process.send({ reads, bad: bad.slice(0, 10), badCount: bad.length, versions: versions.size }, () => process.exit(0));
});
readOnce();
process.send("reading");
