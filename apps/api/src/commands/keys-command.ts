import { reencryptAll } from "../crypto/index.js";
import { checkServingKeyrings } from "./check-serving-keyrings.js";
import { type Command, commandEntry, commandGroup, parseFlags } from "./command.js";
import { openSecretBox, withStore } from "./open-runtime.js";
import { reportRetirement } from "./report-retirement.js";
import { runtimeConfig, runtimeFlags, runtimeUsage } from "./runtime-config.js";

interface ReencryptOptions {
  readonly dryRun: boolean;
  readonly dataDir: string | undefined;
  readonly dev: boolean;
}

export const keysReencrypt: Command<ReencryptOptions> = {
  name: "keys reencrypt",
  usage: `acp-api keys reencrypt [--dry-run] ${runtimeUsage} [--dev]
  Moves every stored secret to the keyring's active key, erases the old ciphertext from
  the database files (SQLite), and reports what, if anything, still needs an old key.
  Safe while servers run, once each of them has the new active key in its keyring.`,
  parse(args) {
    const { values } = parseFlags(
      args,
      {
        options: {
          "dry-run": { type: "boolean", default: false },
          dev: { type: "boolean", default: false },
          ...runtimeFlags,
        },
      },
      this.usage,
    );
    return { dryRun: values["dry-run"], dev: values.dev, dataDir: values["data-dir"] };
  },
  async run(options, io) {
    const config = runtimeConfig(options, io.env);
    return withStore(config, async (store) => {
      const box = await openSecretBox(config, store, (line) => io.stderr.write(`${line}\n`));
      // A dry run writes nothing, so it only reports what a real run would refuse.
      if (!(await checkServingKeyrings(store, box.activeKeyId, io)) && !options.dryRun) {
        io.stderr.write("refusing to re-encrypt; nothing was changed\n");
        return 1;
      }
      const result = await reencryptAll(store, box, { dryRun: options.dryRun });
      const verb = options.dryRun ? "would re-encrypt" : "re-encrypted";
      io.stdout.write(
        `${verb} ${result.reencrypted} of ${result.examined} secrets to key ${JSON.stringify(box.activeKeyId)}\n`,
      );
      if (options.dryRun) return 0;
      return reportRetirement(store, box.activeKeyId, io);
    });
  },
};

export const keysCommand = commandGroup("keys", [commandEntry(keysReencrypt)]);
