// node write-snapshot.mjs BUNDLE BLOB: writes a V8 startup snapshot of a
// CommonJS bundle (a "snapshot" row of tools/build/bundles.ts), which the bin
// starts with `node --snapshot-blob BLOB -- ARGS`. Node then deserializes a
// heap where the bundle has already run, its lazily loaded modules (esbuild's
// init_* functions: descriptors decoded, commands defined) included, instead
// of compiling and running it.
//
// A bundle may also export snapshotWarmup(): the builder calls it after the
// inits, so the functions it walks (a command's parse, a message's decoding)
// are in the blob compiled; a function first called after start-up is
// compiled then, and that was most of a start's JavaScript. The probe runs
// it guarded: argv, cwd and stdio refused (it may read the clock: the calls
// it makes stamp times), and one that touches them fails the build, as does
// one that leaves a double over a built-in in place (see deferredModule).
//
// A module may be warmed only if running it at build time captures nothing of
// the build's process: no argv, cwd, clock, stdio or randomness. Which ones
// are safe is found, not listed: a first builder run tries every init_* with
// those made to throw and writes down the inits that ran clean; the second
// builds the blob warming only those. An init that throws is poisoned for
// good (esbuild caches its error), hence the two runs. Environment reads are
// written down instead, and a run whose environment differs in one of them
// runs the bundle afresh. node:http and its kin cannot be in a snapshot at
// all (Node 20: its parser binding is a global handle the serializer refuses;
// the builder cannot even load it, its init calls Array.prototype.toSorted,
// missing in the builder's context), nor can node:tls (its secure context is
// such a handle), so warmed modules get stand-ins that load the real module
// on first use after start-up. A stand-in's `constants` are the real ones,
// read in a plain node of the same binary: grpc-js destructures
// http2.constants as it loads, and without them none of it could be warmed.
import { spawnSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const require = createRequire(import.meta.url);

const [bundleArg, blobPath] = process.argv.slice(2);
const bundlePath = bundleArg === undefined ? undefined : resolve(bundleArg);
if (bundleArg === undefined || blobPath === undefined) {
  process.stderr.write("usage: write-snapshot.mjs BUNDLE BLOB\n");
  process.exit(2);
}
// Must match code-cache-loader.mjs's bundleKeyPrefix.
const bundleKeyPrefix = "\n//# acpBundleKey=";
const source = readFileSync(bundlePath, "utf8");
const at = source.lastIndexOf(bundleKeyPrefix);
if (at === -1) {
  process.stderr.write(`${bundlePath}: no bundle key line\n`);
  process.exit(1);
}
const key = source.slice(at + bundleKeyPrefix.length).trim();
const inits = [...source.matchAll(/\b(init_[\w$]+) ?= ?__esm\(/g)].map((m) => m[1]);

// Their export names are looked up here, in a plain node.
const deferredBuiltins = ["http", "https", "http2", "tls"];
const exportNames = Object.fromEntries(
  deferredBuiltins.map((name) => [name, Object.getOwnPropertyNames(require(`node:${name}`))]),
);
const constants = Object.fromEntries(
  deferredBuiltins.flatMap((name) => {
    const value = require(`node:${name}`).constants;
    return value === undefined ? [] : [[name, value]];
  }),
);
const temporary = `${blobPath}.${process.pid}`;
try {
  const probeOut = `${temporary}.inits.json`;
  build(entryScript(inits, { probeOut }), `${temporary}.probe.blob`);
  const probe = JSON.parse(readFileSync(probeOut, "utf8"));
  if (probe.warmup !== null)
    throw new Error(`${bundlePath}: snapshotWarmup must not touch the process: ${probe.warmup}`);
  build(entryScript(probe.inits, {}), `${temporary}.blob`);
  renameSync(`${temporary}.blob`, blobPath);
} finally {
  for (const suffix of [".inits.json", ".probe.blob", ".probe.js", ".blob", ".js"]) {
    rmSync(`${temporary}${suffix}`, { force: true });
  }
}

/** Runs the snapshot builder on script; the probe run exits before writing its blob. */
function build(script, blob) {
  const entry = blob.replace(/\.blob$/, ".js");
  writeFileSync(entry, script);
  // An empty environment: a blob is run by a plain `node` (no NODE_OPTIONS),
  // and what the bundle reads from the environment as it loads is written
  // down, so a variable of whoever built it (this machine sets
  // GRPC_DEFAULT_SSL_ROOTS_FILE_PATH) would send every run without it to the
  // slow fresh load.
  const run = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", entry], {
    env: {},
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`building ${blob} failed: ${run.stderr || run.error}`);
}

/**
 * The builder's entry: the bundle inside CommonJS's wrapper, then the inits
 * to run and the main the blob starts with. With probeOut, each init runs
 * with the process guarded and the clean ones are written there.
 */
function entryScript(warm, { probeOut }) {
  const table = `{ ${warm.map((name) => `${name}: ${name}`).join(", ")} }`;
  const trailer = `__acpSnapshot.ready(module.exports, ${table});`;
  return `"use strict";
const __acpSnapshot = (${snapshotRuntime.toString()})(${JSON.stringify({ key, bundlePath, probeOut, exportNames, constants })});
(function (exports, require, module, __filename, __dirname) {${source}
${trailer}
})(__acpSnapshot.module.exports, __acpSnapshot.require, __acpSnapshot.module, ${JSON.stringify(bundlePath)}, ${JSON.stringify(dirname(bundlePath))});
`;
}

// Runs in the snapshot builder, so only built-ins and plain JavaScript.
function snapshotRuntime({ key, bundlePath, probeOut, exportNames, constants }) {
  const { setFlagsFromString, startupSnapshot } = require("node:v8");
  // Regular expressions are interpreted while the bundle and its warmup
  // run, never compiled to machine code: with acp-runner's warmup (grpc-js
  // making calls) the serializer aborted on some such code ("unreachable
  // code"), and bytecode it keeps. Node's defaults are back before the blob
  // is written, or node would refuse it as built for other flags.
  setFlagsFromString("--regexp-interpret-all");
  const fs = require("node:fs");
  const path = require("node:path");
  const module = { exports: {} };
  // Node itself may write to stderr while loading a built-in (the builder
  // warns of modules it has not verified); only the bundle's own reads count.
  let requiring = 0;
  // A built-in the snapshot cannot hold stands in as its names: a warmed
  // module may keep it, but touching one of its exports before the snapshot
  // is deserialized throws, and after, loads the real module.
  let deserialized = false;
  const deferred = new Map();
  // While warming, a warmup may put a double over a stand-in's export
  // (Object.defineProperty with a value; the descriptor it read puts the
  // stand-in back): acp-runner's answers grpc-js's http2.connect from memory.
  const doubles = new Map();
  const deferredModule = (id, name) => {
    let real;
    const own = new Map();
    doubles.set(name, own);
    const load = (key) => {
      if (!deserialized && key === "constants" && constants[name] !== undefined) return { constants: constants[name] };
      if (!deserialized) throw new Error(`snapshot: used ${id} while warming`);
      real ??= require(id);
      return real;
    };
    return new Proxy(
      {},
      {
        get: (_, key) => (!deserialized && own.has(key) ? own.get(key) : load(key)[key]),
        has: (_, key) => key in load(),
        ownKeys: () => [...exportNames[name]],
        getOwnPropertyDescriptor: (_, key) => {
          if (!deserialized && own.has(key))
            return { configurable: true, enumerable: true, writable: true, value: own.get(key) };
          return exportNames[name].includes(key)
            ? { configurable: true, enumerable: true, get: () => load(key)[key] }
            : undefined;
        },
        defineProperty: (_, key, descriptor) => {
          if (deserialized) return false;
          if ("value" in descriptor) own.set(key, descriptor.value);
          else own.delete(key);
          return true;
        },
        getPrototypeOf: () => Object.prototype,
        set: () => false,
      },
    );
  };
  const guardedRequire = (id) => {
    const name = id.replace(/^node:/, "");
    if (!deserialized && exportNames[name] !== undefined) {
      if (!deferred.has(name)) deferred.set(name, deferredModule(id, name));
      return deferred.get(name);
    }
    requiring++;
    try {
      return require(id);
    } finally {
      requiring--;
    }
  };
  // clock: the clock and randomness refused too (an init's); a warmup may
  // read them (it makes a call, which stamps times), never argv, cwd or stdio.
  function guard(on, clock = true) {
    if (on) guard.clock = clock;
    const refuse = (what) => () => {
      throw new Error(`snapshot: read ${what}`);
    };
    for (const name of ["argv", "stdin", "stdout", "stderr"]) {
      if (on) {
        guard.saved ??= {};
        guard.saved[name] = Object.getOwnPropertyDescriptor(process, name);
        const saved = guard.saved[name];
        const read = refuse(`process.${name}`);
        Object.defineProperty(process, name, {
          configurable: true,
          get: () => (requiring > 0 ? (saved.get ? saved.get.call(process) : saved.value) : read()),
        });
      } else Object.defineProperty(process, name, guard.saved[name]);
    }
    const functions = [[process, "cwd"]];
    if (guard.clock) functions.push([process, "hrtime"], [Date, "now"], [Math, "random"]);
    for (const [owner, name] of functions) {
      const id = `${name}`;
      guard.functions ??= new Map();
      if (on) {
        guard.functions.set(id, owner[name]);
        owner[name] = refuse(name);
      } else owner[name] = guard.functions.get(id);
    }
    if (!guard.clock) return;
    if (on) {
      guard.Date = globalThis.Date;
      const RealDate = guard.Date;
      globalThis.Date = new Proxy(RealDate, {
        construct(target, args) {
          if (args.length === 0) throw new Error("snapshot: read the clock");
          return Reflect.construct(target, args);
        },
      });
    } else globalThis.Date = guard.Date;
  }
  // Environment reads are written down, not refused: protobuf-es reads
  // BUF_BIGINT_DISABLE as it loads.
  const envRead = new Map();
  const realEnv = process.env;
  process.env = new Proxy(realEnv, {
    get(target, name) {
      if (typeof name === "string" && requiring === 0) envRead.set(name, target[name]);
      return target[name];
    },
    has(target, name) {
      if (typeof name === "string" && requiring === 0) envRead.set(name, target[name]);
      return name in target;
    },
    ownKeys() {
      throw new Error("snapshot: listed process.env");
    },
  });
  if (probeOut !== undefined) guard(true);
  return {
    module,
    require: guardedRequire,
    ready(exports, inits) {
      if (probeOut !== undefined) {
        const clean = [];
        for (const [name, init] of Object.entries(inits)) {
          try {
            init();
            clean.push(name);
          } catch {
            // Left to run when the command needs it.
          }
        }
        guard(false);
        guard(true, false);
        // It may be async (a command loads its noun with import()); the builder runs the loop until it settles.
        warmUp().then(
          () => probed(null),
          (error) => probed(error instanceof Error ? error.message : String(error)),
        );
        const probed = (warmup) => {
          guard(false);
          fs.writeFileSync(probeOut, JSON.stringify({ inits: clean, warmup }));
          process.exit(0);
        };
        return;
      }
      for (const [name, init] of Object.entries(inits)) {
        try {
          init();
        } catch (error) {
          throw new Error(`snapshot: ${name} ran clean in the probe but not now: ${error.message}`);
        }
      }
      warmUp().then(() => {
        // Both: interpreting all turned tier-up off as it was set.
        setFlagsFromString("--no-regexp-interpret-all");
        setFlagsFromString("--regexp-tier-up");
        process.env = realEnv;
        startupSnapshot.setDeserializeMainFunction(deserializedMain);
      });
      function deserializedMain() {
        deserialized = true;
        let main = exports.main;
        const sameEnv = [...envRead].every(([name, value]) => process.env[name] === value);
        if (!sameEnv || !current()) main = loadFresh().main;
        // Started from a snapshot, node has no script: argv[1] is the first
        // argument. Put back the bin node would otherwise have been started
        // with, so a program that starts itself again (acp-runner's git
        // credential helper line) names a file that exists.
        process.argv.splice(1, 0, loaderBin());
        // Exit explicitly, as bin/acpctl.mjs does: a pooled keep-alive connection must not keep a finished command alive.
        main(process.argv.slice(2)).then((code) => process.exit(code));
      }
      function warmUp() {
        return Promise.resolve()
          .then(() => exports.snapshotWarmup?.())
          .then(() => {
            for (const [name, own] of doubles) {
              if (own.size > 0)
                throw new Error(`snapshotWarmup left node:${name}'s ${[...own.keys()].join(", ")} replaced`);
            }
          });
      }
    },
  };

  /** bin/NAME.mjs for the dist/NAME.blob node was started on, found from node's own flags at run time. */
  function loaderBin() {
    const flag = process.execArgv.findIndex((arg) => arg === "--snapshot-blob" || arg.startsWith("--snapshot-blob="));
    const arg = process.execArgv[flag] ?? "";
    const blob = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (process.execArgv[flag + 1] ?? "");
    return path.resolve(path.dirname(blob), "..", "bin", `${path.basename(blob, ".blob")}.mjs`);
  }

  /** The bundle beside the blob is still the one this snapshot ran (a rebuild may have replaced it since). */
  function current() {
    try {
      const fd = fs.openSync(bundlePath, "r");
      try {
        const size = fs.fstatSync(fd).size;
        const tail = Buffer.alloc(Math.min(size, 200));
        fs.readSync(fd, tail, 0, tail.length, size - tail.length);
        return tail.toString("latin1").includes(`acpBundleKey=${key}`);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return false;
    }
  }

  /** A stale snapshot runs the bundle as it is now, compiled as require() would. */
  function loadFresh() {
    const { Script } = require("node:vm");
    const { createRequire } = require("node:module");
    const text = fs.readFileSync(bundlePath, "utf8");
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
    const fresh = { exports: {} };
    new Script(wrapped, { filename: bundlePath }).runInThisContext()(
      fresh.exports,
      createRequire(bundlePath),
      fresh,
      bundlePath,
      require("node:path").dirname(bundlePath),
    );
    return fresh.exports;
  }
}
