import { describe, expect, it } from "vitest";
import type { Change } from "./change-notifier.js";
import { newCredentialId, newSessionId } from "./ids.js";
import { type ChangeMessage, IpcChangeNotifier, isChangeMessage, type PrimaryChannel } from "./ipc-change-notifier.js";
import { StorageError } from "./storage-error.js";

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Workers joined by a primary that passes each change to every worker but its sender, as serve's does. */
function workers(count: number, { failSends = false } = {}) {
  const inboxes: ((message: unknown) => void)[][] = [];
  const sent: unknown[] = [];
  const channel = (self: number): PrimaryChannel => ({
    async send(message) {
      if (failSends) throw new Error("channel closed");
      // Through JSON, as node's IPC serializes.
      const copy = JSON.parse(JSON.stringify(message)) as unknown;
      sent.push(copy);
      inboxes.forEach((inbox, i) => {
        if (i !== self) for (const listener of inbox) listener(copy);
      });
    },
    onMessage(listener) {
      inboxes[self]!.push(listener);
      return () => inboxes[self]!.splice(inboxes[self]!.indexOf(listener), 1);
    },
  });
  return {
    sent,
    notifiers: Array.from({ length: count }, (_, i) => {
      inboxes.push([]);
      return new IpcChangeNotifier(channel(i));
    }),
    deliver: (worker: number, message: unknown) => {
      for (const listener of inboxes[worker]!) listener(message);
    },
  };
}

const change: Change = { kind: "credential", credentialId: newCredentialId() };

describe("IpcChangeNotifier", () => {
  it("gives a change published on one worker to every subscriber on every worker, the publisher's own included", async () => {
    const { notifiers } = workers(3);
    const heard = notifiers.map(() => [] as Change[]);
    for (const [i, n] of notifiers.entries()) n.subscribe((c) => heard[i]!.push(c));
    await notifiers[1]!.publish(change);
    const second: Change = { kind: "session", sessionId: newSessionId() };
    await notifiers[0]!.publish(second);
    await settle();
    expect(heard).toEqual([
      [change, second],
      [change, second],
      [change, second],
    ]);
    for (const n of notifiers) await n.close();
  });

  it("ignores other messages on the channel and stops hearing once closed", async () => {
    const { notifiers, deliver } = workers(2);
    const heard: Change[] = [];
    notifiers[0]!.subscribe((c) => heard.push(c));
    deliver(0, { cmd: "something else" });
    deliver(0, { acpChange: "not a change" });
    await notifiers[0]!.close();
    await notifiers[1]!.publish(change);
    await settle();
    expect(heard).toEqual([]);
    await expect(notifiers[0]!.publish(change)).rejects.toBeInstanceOf(StorageError);
    await notifiers[1]!.close();
  });

  it("fails the publish when the primary cannot be told, without quoting the change", async () => {
    const { notifiers } = workers(1, { failSends: true });
    const error = await notifiers[0]!.publish(change).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(String((error as Error).message)).not.toContain(change.credentialId);
    await notifiers[0]!.close();
  });

  it("tells its messages from others", () => {
    const message: ChangeMessage = { acpChange: change };
    expect(isChangeMessage(message)).toBe(true);
    expect(isChangeMessage({ acpChange: null })).toBe(false);
    expect(isChangeMessage(null)).toBe(false);
    expect(isChangeMessage("acpChange")).toBe(false);
  });
});
