import { credentialCreate } from "./credential-create.js";
import { credentialDelete } from "./credential-delete.js";
import { credentialGet, credentialList } from "./credential-read.js";
import { credentialToken } from "./credential-token.js";
import { credentialUpdate } from "./credential-update.js";
import type { Noun } from "./noun.js";
import { addVerb } from "./verb.js";

/** `acpctl credential create|list|get|update|delete|token`. */
export const credentialNoun: Noun = {
  register(program, io, outcome) {
    const noun = program
      .command("credential")
      .alias("credentials")
      .description("store, inspect and remove credentials");
    addVerb(noun, credentialCreate, io, outcome);
    addVerb(noun, credentialList, io, outcome);
    addVerb(noun, credentialGet, io, outcome);
    addVerb(noun, credentialUpdate, io, outcome);
    addVerb(noun, credentialDelete, io, outcome);
    addVerb(noun, credentialToken, io, outcome);
  },
};
