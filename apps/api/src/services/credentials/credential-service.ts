import type { ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { CredentialService } from "@acp/proto";
import type { SecretBox } from "../../crypto/secret-box.js";
import { SecretOpenError } from "../../crypto/secret-box.js";
import { newCredentialId } from "../../storage/index.js";
import type { CredentialPatch, CredentialRecord } from "../../storage/records.js";
import { NameTakenError, type Store } from "../../storage/store.js";
import { requireAdmin, requirePrincipal } from "../../server/principal.js";
import { invalidArgument, throwIfViolations } from "../request-errors.js";
import { loadAccessible } from "./credential-access.js";
import { checkCredentialInput } from "./check-credential-input.js";
import { checkDescription, checkLabels } from "./credential-fields.js";
import { checkName } from "../resource-name.js";
import { credentialToProto, encodeSummary } from "./credential-to-proto.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { parseUpdateMask, type UpdatablePath } from "./update-mask.js";

const defaultPageSize = 100;
// Fields the secret is validated against: changing any of them re-validates it.
const secretInputs: readonly UpdatablePath[] = ["secret", "url", "email", "allow_insecure"];
const maxPageSize = 1000;

export function createCredentialService(store: Store, box: SecretBox): ServiceImpl<typeof CredentialService> {
  const credentials = store.credentials;

  const openSecret = (record: CredentialRecord): string => {
    try {
      return box.open(record.secret, { credentialId: record.id, provider: record.provider });
    } catch (err) {
      if (err instanceof SecretOpenError) {
        throw new ConnectError(
          `stored secret of credential ${JSON.stringify(record.id)} cannot be decrypted with key ${JSON.stringify(record.secret.keyId)}; check the server keyring`,
          Code.DataLoss,
        );
      }
      throw err;
    }
  };

  const nameTaken = (name: string) =>
    new ConnectError(`you already have a credential named ${JSON.stringify(name)}; choose another name or update that one`, Code.AlreadyExists);

  return {
    async createCredential(req, ctx) {
      const principal = requirePrincipal(ctx);
      const checked = checkCredentialInput(req);
      const violations = [
        ...checkName(req.name),
        ...checkDescription(req.description),
        ...checkLabels(req.labels),
        ...(checked.ok ? [] : checked.violations),
      ];
      if (!checked.ok || violations.length > 0) throw invalidArgument(violations);
      const id = newCredentialId();
      try {
        const record = await credentials.insert({
          id,
          ownerId: principal.user.id,
          name: req.name,
          provider: req.provider,
          url: req.url,
          email: req.email,
          description: req.description,
          labels: req.labels,
          allowInsecure: req.allowInsecure,
          summary: encodeSummary(checked.summary),
          secret: box.seal(checked.secret, { credentialId: id, provider: req.provider }),
        });
        return { credential: credentialToProto(record) };
      } catch (err) {
        if (err instanceof NameTakenError) throw nameTaken(req.name);
        throw err;
      }
    },

    async getCredential(req, ctx) {
      const principal = requirePrincipal(ctx);
      switch (req.lookup.case) {
        case "id":
          return { credential: credentialToProto(await loadAccessible(credentials, principal, req.lookup.value)) };
        case "name": {
          const name = req.lookup.value;
          throwIfViolations(checkName(name));
          const record = await credentials.getByName(principal.user.id, name);
          if (!record) throw new ConnectError(`credential named ${JSON.stringify(name)} not found`, Code.NotFound);
          return { credential: credentialToProto(record) };
        }
        default:
          throw invalidArgument([{ field: "lookup", description: "set id or name" }]);
      }
    },

    async listCredentials(req, ctx) {
      const principal = requirePrincipal(ctx);
      if (req.allOwners) requireAdmin(principal, "list every user's credentials");
      if (req.pageSize < 0 || req.pageSize > maxPageSize) {
        throw invalidArgument([{ field: "page_size", description: `must be between 0 and ${maxPageSize}` }]);
      }
      const ownerId = req.allOwners ? undefined : principal.user.id;
      const queryKey = JSON.stringify([ownerId ?? "*", req.provider]);
      const token = decodePageToken(req.pageToken, queryKey);
      if (!token.ok) throw invalidArgument([{ field: "page_token", description: token.description }]);
      const limit = req.pageSize || defaultPageSize;
      const rows = await credentials.list({
        ownerId,
        provider: req.provider === 0 ? undefined : req.provider,
        after: token.cursor,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        credentials: page.map(credentialToProto),
        nextPageToken: rows.length > limit && last ? encodePageToken(last, queryKey) : "",
      };
    },

    async updateCredential(req, ctx) {
      const principal = requirePrincipal(ctx);
      const mask = parseUpdateMask(req.updateMask);
      if (!mask.ok) throw invalidArgument(mask.violations);
      const paths = mask.paths;
      const violations = [
        ...(paths.has("name") ? checkName(req.name) : []),
        ...(paths.has("description") ? checkDescription(req.description) : []),
        ...(paths.has("labels") ? checkLabels(req.labels) : []),
      ];
      const record = await loadAccessible(credentials, principal, req.id);
      const patch: { -readonly [K in keyof CredentialPatch]: CredentialPatch[K] } = {};
      if (paths.has("name")) patch.name = req.name;
      if (paths.has("description")) patch.description = req.description;
      if (paths.has("labels")) patch.labels = req.labels;
      // A change to anything the secret is validated against re-validates the
      // secret, so an opt-out of allow_insecure cannot leave an insecure one stored.
      if (secretInputs.some((p) => paths.has(p))) {
        const input = {
          provider: record.provider,
          secret: paths.has("secret") ? req.secret : openSecret(record),
          url: paths.has("url") ? req.url : record.url,
          email: paths.has("email") ? req.email : record.email,
          allowInsecure: paths.has("allow_insecure") ? req.allowInsecure : record.allowInsecure,
        };
        const checked = checkCredentialInput(input);
        if (!checked.ok) violations.push(...checked.violations);
        else {
          patch.url = input.url;
          patch.email = input.email;
          patch.allowInsecure = input.allowInsecure;
          patch.summary = encodeSummary(checked.summary);
          if (paths.has("secret")) {
            patch.secret = box.seal(checked.secret, { credentialId: record.id, provider: record.provider });
          }
        }
      }
      throwIfViolations(violations);
      try {
        const updated = await credentials.update(record.id, patch);
        if (!updated) throw new ConnectError(`credential ${JSON.stringify(record.id)} not found`, Code.NotFound);
        return { credential: credentialToProto(updated) };
      } catch (err) {
        if (err instanceof NameTakenError) throw nameTaken(req.name);
        throw err;
      }
    },

    async deleteCredential(req, ctx) {
      const principal = requirePrincipal(ctx);
      const record = await loadAccessible(credentials, principal, req.id);
      await credentials.delete(record.id);
      return {};
    },

    async getCredentialSecret(req, ctx) {
      const principal = requirePrincipal(ctx);
      const record = await loadAccessible(credentials, principal, req.id);
      return {
        credentialId: record.id,
        provider: record.provider,
        secret: openSecret(record),
        url: record.url,
        email: record.email,
      };
    },
  };
}
