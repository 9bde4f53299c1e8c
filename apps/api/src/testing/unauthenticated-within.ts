import { Code, ConnectError } from "@connectrpc/connect";

/** Whether a call with this token is refused as unauthenticated (any other failure is thrown). */
export async function refused(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.Unauthenticated) return true;
    throw error;
  }
}

/**
 * Polls with a one-second deadline: the bound issue 12 sets for a revoke to
 * reach every worker and replica, whatever each keeps cached.
 */
export async function refusedWithinOneSecond(
  call: () => Promise<unknown>,
  deadline = Date.now() + 1_000,
): Promise<void> {
  while (!(await refused(call))) {
    if (Date.now() > deadline) throw new Error("the token was still accepted a second after it stopped working");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
