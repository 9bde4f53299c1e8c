import { BadRequestSchema } from "@acp/proto";
import type { ConnectError } from "@connectrpc/connect";

/**
 * The field violations of an InvalidArgument's BadRequest details, one line
 * each. A module of its own, loaded only for such an answer: reading the
 * details needs google/rpc's descriptors (and Duration's), which every other
 * command would decode for nothing.
 */
export function fieldViolationLines(err: ConnectError): string[] {
  return err
    .findDetails(BadRequestSchema)
    .flatMap((detail) => detail.fieldViolations)
    .map((v) => (v.field === "" ? v.description : `${v.field}: ${v.description}`));
}
