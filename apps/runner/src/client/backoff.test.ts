import { describe, expect, it } from "vitest";
import { createBackoff, pause } from "./backoff.js";

describe("createBackoff", () => {
  it("doubles from the initial delay up to the cap, each delay in the upper half of its ceiling", () => {
    const backoff = createBackoff({ initialDelayMs: 100, maxDelayMs: 1000 });
    const ceilings = [100, 200, 400, 800, 1000, 1000, 1000];
    for (const ceiling of ceilings) {
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
    expect(backoff.attempts).toBe(ceilings.length);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBeLessThanOrEqual(100);
  });

  it("spreads the delays of clients that fail together", () => {
    const delays = new Set(Array.from({ length: 20 }, () => createBackoff({ initialDelayMs: 10_000 }).next()));
    expect(delays.size).toBeGreaterThan(1);
  });

  it("stays at the cap however long it goes on", () => {
    const backoff = createBackoff({ initialDelayMs: 1, maxDelayMs: 50 });
    for (let i = 0; i < 2000; i++) backoff.next();
    expect(backoff.next()).toBeLessThanOrEqual(50);
  });
});

describe("pause", () => {
  it("ends early when the signal aborts, and at once when it already has", async () => {
    const controller = new AbortController();
    const waiting = pause(60_000, controller.signal);
    controller.abort();
    await waiting;
    await pause(60_000, controller.signal);
  });
});
