import { describe, expect, it } from "vitest";
import type { Change } from "./change-notifier.js";
import { newCredentialId, newSessionId } from "./ids.js";
import { LocalChangeNotifier } from "./local-change-notifier.js";
import { StorageError } from "./storage-error.js";

const first: Change = { kind: "credential", credentialId: newCredentialId() };
const second: Change = { kind: "session", sessionId: newSessionId() };

/** Lets every queued delivery run: they are microtasks, so one macrotask turn is enough. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("LocalChangeNotifier", () => {
  it("gives every subscriber each change once, in order", async () => {
    const notifier = new LocalChangeNotifier();
    const a: Change[] = [];
    const b: Change[] = [];
    notifier.subscribe((change) => a.push(change));
    notifier.subscribe((change) => b.push(change));
    await notifier.publish(first);
    await notifier.publish(second);
    await settle();
    expect(a).toEqual([first, second]);
    expect(b).toEqual([first, second]);
    await notifier.close();
  });

  it("delivers after publish returns, never inside it", async () => {
    const notifier = new LocalChangeNotifier();
    let inside = false;
    let calledInside: boolean | undefined;
    notifier.subscribe(() => {
      calledInside = inside;
    });
    inside = true;
    const published = notifier.publish(first);
    inside = false;
    await published;
    await settle();
    expect(calledInside).toBe(false);
    await notifier.close();
  });

  it("stops delivering once unsubscribed, even a change already published", async () => {
    const notifier = new LocalChangeNotifier();
    const kept: Change[] = [];
    const dropped: Change[] = [];
    const listener = (change: Change) => dropped.push(change);
    // The same function twice is two subscriptions: ending one leaves the other.
    const unsubscribeFirst = notifier.subscribe(listener);
    const unsubscribeSecond = notifier.subscribe(listener);
    notifier.subscribe((change) => kept.push(change));
    const pending = notifier.publish(first);
    unsubscribeFirst();
    await pending;
    await settle();
    expect(dropped).toEqual([first]);
    unsubscribeSecond();
    await notifier.publish(second);
    await settle();
    expect(dropped).toEqual([first]);
    expect(kept).toEqual([first, second]);
    await notifier.close();
  });

  it("keeps telling the others when a subscriber throws", async () => {
    const notifier = new LocalChangeNotifier();
    const heard: Change[] = [];
    notifier.subscribe(() => {
      throw new Error("listener bug");
    });
    notifier.subscribe((change) => heard.push(change));
    await notifier.publish(first);
    await notifier.publish(second);
    await settle();
    expect(heard).toEqual([first, second]);
    expect(notifier.listenerErrors).toBe(2);
    await notifier.close();
  });

  it("never resyncs, and refuses to publish once closed", async () => {
    const notifier = new LocalChangeNotifier();
    let resyncs = 0;
    notifier.onResync(() => {
      resyncs += 1;
    });
    await notifier.publish(first);
    await notifier.close();
    await expect(notifier.publish(second)).rejects.toBeInstanceOf(StorageError);
    await settle();
    expect(resyncs).toBe(0);
  });
});
