import { AuditAction, CredentialService } from "@acp/proto";
import { providers, validateCredentialInput } from "@acp/providers";
import type { ServiceImpl } from "@connectrpc/connect";
import type { SecretBox } from "../../crypto/index.js";
import { type CredentialPatch, type CredentialRecord, newCredentialId, type Store } from "../../storage/index.js";
import { type AuditTrail, auditContext } from "../audit/audit-trail.js";
import { requireAdmin, requireUser } from "../auth/principal.js";
import { withFieldLimits } from "../check-request.js";
import { decodePageToken, encodePageToken } from "../page-token.js";
import { invalidArgument, notFound, throwIfViolations } from "../request-errors.js";
import type { SessionEvents } from "../sessions/session-events.js";
import { validateName } from "../validate-name.js";
import { findOwnByName, loadAccessible, withNameTaken } from "./credential-access.js";
import { credentialToProto, encodeSummary } from "./credential-to-proto.js";
import { openSecret } from "./open-secret.js";
import { parseUpdateMask, type UpdatablePath } from "./update-mask.js";

const defaultPageSize = 100;
const maxPageSize = 1000;
// Fields the secret is validated against: changing any of them re-validates it.
const secretInputs: readonly UpdatablePath[] = ["secret", "url", "email", "allow_insecure"];

export function createCredentialService(
  store: Store,
  box: SecretBox,
  audit: AuditTrail,
  events: SessionEvents,
): ServiceImpl<typeof CredentialService> {
  const credentials = store.credentials;

  return withFieldLimits(CredentialService, {
    async createCredential(req, ctx) {
      const principal = requireUser(ctx);
      const resolved = providers.resolve(req.provider);
      const validation = resolved.ok ? validateCredentialInput(resolved.provider, req) : undefined;
      const violations = [
        ...validateName(req.name),
        ...(resolved.ok ? [] : [resolved.violation]),
        ...(validation?.ok === false ? validation.violations : []),
      ];
      if (!resolved.ok || !validation?.ok || violations.length > 0) throw invalidArgument(violations);
      const id = newCredentialId();
      const provider = resolved.provider.type;
      const record = await withNameTaken(req.name, () =>
        credentials.insert({
          id,
          ownerId: principal.user.id,
          name: req.name,
          provider,
          url: req.url,
          email: req.email,
          description: req.description,
          labels: req.labels,
          allowInsecure: req.allowInsecure,
          summary: encodeSummary(validation.summary),
          secret: box.seal(validation.secret, { credentialId: id, provider }),
        }),
      );
      await audit.record(auditContext(ctx), { action: AuditAction.CREDENTIAL_CREATE, credential: record });
      return { credential: credentialToProto(record) };
    },

    async getCredential(req, ctx) {
      const principal = requireUser(ctx);
      switch (req.lookup.case) {
        case "id":
          return { credential: credentialToProto(await loadAccessible(credentials, principal, req.lookup.value)) };
        case "name":
          return { credential: credentialToProto(await findOwnByName(credentials, principal, req.lookup.value)) };
        default:
          throw invalidArgument([{ field: "lookup", description: "set id or name" }]);
      }
    },

    async listCredentials(req, ctx) {
      const principal = requireUser(ctx);
      if (req.allOwners) requireAdmin(principal, "list every user's credentials");
      if (req.pageSize < 0 || req.pageSize > maxPageSize) {
        throw invalidArgument([{ field: "page_size", description: `must be between 0 and ${maxPageSize}` }]);
      }
      const owner = req.allOwners ? ({ all: true } as const) : { ownerId: principal.user.id };
      const queryKey = JSON.stringify(["ownerId" in owner ? owner.ownerId : "*", req.provider]);
      const token = decodePageToken(req.pageToken, queryKey, "credential");
      if (!token.ok) throw invalidArgument([{ field: "page_token", description: token.description }]);
      const limit = req.pageSize || defaultPageSize;
      const rows = await credentials.list({
        owner,
        provider: req.provider === 0 ? { all: true } : { provider: req.provider },
        after: token.cursor && { createTime: token.cursor.time, id: token.cursor.id },
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        credentials: page.map(credentialToProto),
        nextPageToken:
          rows.length > limit && last ? encodePageToken({ time: last.createTime, id: last.id }, queryKey) : "",
      };
    },

    async updateCredential(req, ctx) {
      const principal = requireUser(ctx);
      const mask = parseUpdateMask(req.updateMask);
      if (!mask.ok) throw invalidArgument(mask.violations);
      const paths = mask.paths;
      const violations = paths.has("name") ? validateName(req.name) : [];
      const record = await loadAccessible(credentials, principal, req.id);
      const revalidates = secretInputs.some((p) => paths.has(p));
      // Planned from the row as stored, inside the store's lock on it, when the
      // secret is re-validated: otherwise a concurrent update could combine
      // with this one into a row neither validated (an insecure secret stored
      // after its owner's opt-out of allow_insecure).
      const plan = (current: CredentialRecord): CredentialPatch => {
        const found = [...violations];
        let revalidated: CredentialPatch["revalidated"];
        if (revalidates) {
          const fields = {
            secret: paths.has("secret") ? req.secret : openSecret(box, current),
            url: paths.has("url") ? req.url : current.url,
            email: paths.has("email") ? req.email : current.email,
            allowInsecure: paths.has("allow_insecure") ? req.allowInsecure : current.allowInsecure,
          };
          // A stored credential's provider is always in the registry: it was validated on create.
          const validation = validateCredentialInput(providers.get(current.provider), fields);
          if (!validation.ok) found.push(...validation.violations);
          else {
            revalidated = {
              url: fields.url,
              email: fields.email,
              allowInsecure: fields.allowInsecure,
              summary: encodeSummary(validation.summary),
              ...(paths.has("secret")
                ? { secret: box.seal(validation.secret, { credentialId: current.id, provider: current.provider }) }
                : {}),
            };
          }
        }
        throwIfViolations(found);
        return {
          ...(paths.has("name") ? { name: req.name } : {}),
          ...(paths.has("description") ? { description: req.description } : {}),
          ...(paths.has("labels") ? { labels: req.labels } : {}),
          ...(revalidated ? { revalidated } : {}),
        };
      };
      const updated = await withNameTaken(req.name, () =>
        credentials.update(record.id, revalidates ? plan : plan(record)),
      );
      if (!updated) throw notFound("credential", record.id);
      await audit.record(auditContext(ctx), { action: AuditAction.CREDENTIAL_UPDATE, credential: updated });
      // Sessions care only about what their runners receive.
      if (revalidates) await events.credentialChanged(updated.id);
      return { credential: credentialToProto(updated) };
    },

    async deleteCredential(req, ctx) {
      const principal = requireUser(ctx);
      const record = await loadAccessible(credentials, principal, req.id);
      await credentials.delete(record.id);
      await audit.record(auditContext(ctx), { action: AuditAction.CREDENTIAL_DELETE, credential: record });
      // Its bindings went with it, in the same statement; streams holding it re-resolve.
      await events.credentialChanged(record.id);
      return {};
    },

    async getCredentialSecret(req, ctx) {
      const principal = requireUser(ctx);
      const record = await loadAccessible(credentials, principal, req.id);
      const secret = openSecret(box, record);
      // A read that cannot be traced does not happen: when the record fails, so does the call.
      await audit.record(auditContext(ctx), {
        action: AuditAction.SECRET_READ,
        credential: record,
        secretValue: secret,
      });
      return { credentialId: record.id, provider: record.provider, secret, url: record.url, email: record.email };
    },
  });
}
