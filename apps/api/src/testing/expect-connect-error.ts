import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "vitest";

/** Awaits a call that must fail, and returns its ConnectError after checking the code. */
export async function expectCode(call: Promise<unknown>, code: Code): Promise<ConnectError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  expect(err, `expected ${Code[code]}, but the call succeeded`).toBeInstanceOf(ConnectError);
  expect(Code[err!.code], err!.rawMessage).toBe(Code[code]);
  return err!;
}
