import {
  type Attack,
  connectionFlood,
  idleHttp2,
  preAuthBodies,
  slowloris,
  streamFlood,
  unreadPipelining,
} from "./attacks.js";

/** The attacks of issue 11's findings 1-3 and 7, scaled by `scale` (1 = the fast part). */
export function attackSuite(scale: number): Attack[] {
  return [
    slowloris(500 * scale),
    idleHttp2(500 * scale),
    streamFlood(10 * scale, 16_384),
    unreadPipelining(20 * scale, 2_000),
    // Past the default cap of 4096 connections.
    connectionFlood(4_500),
    preAuthBodies(4, 7_800_000),
  ];
}

/** The memory acceptance bound of issue 11. */
export const rssLimitMb = 512;
