import { type Health, HealthCheckResponseSchema, HealthCheckResponse_ServingStatus as Status } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The standard gRPC health service. The overall status ("") and every served
 * service report SERVING until shutdown starts, so load balancers drain us
 * before in-flight calls are cut.
 */
export function createHealthService(
  serviceNames: readonly string[],
  isShuttingDown: () => boolean,
): ServiceImpl<typeof Health> {
  const known = new Set(["", ...serviceNames]);
  const status = () => (isShuttingDown() ? Status.NOT_SERVING : Status.SERVING);
  return {
    check(req) {
      if (!known.has(req.service)) {
        throw new ConnectError(`unknown service ${JSON.stringify(req.service)}`, Code.NotFound);
      }
      return { status: status() };
    },
    list() {
      const statuses: Record<string, ReturnType<typeof create<typeof HealthCheckResponseSchema>>> = {};
      for (const name of known) statuses[name] = create(HealthCheckResponseSchema, { status: status() });
      return { statuses };
    },
    async *watch(req, ctx) {
      if (!known.has(req.service)) {
        yield { status: Status.SERVICE_UNKNOWN };
        return;
      }
      let last: Status | undefined;
      // Ends once shutdown is reported, so a watcher never holds a draining server open.
      while (!ctx.signal.aborted) {
        const now = status();
        if (now !== last) {
          last = now;
          yield { status: now };
        }
        if (now === Status.NOT_SERVING) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 250);
          ctx.signal.addEventListener(
            "abort",
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    },
  };
}
