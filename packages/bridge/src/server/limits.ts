/**
 * The bridge's limits, in one place (security.md §4). Each can be raised by a host that knows its load (the
 * benchmark runs 500 sessions); none can be switched off, because each one closes a denial-of-service or a
 * scanning path.
 */
import { HEARTBEAT_INTERVAL_MS, HELLO_TIMEOUT_MS } from '@pgconnect/core';

export interface BridgeLimits {
  /** Concurrent WebSocket sessions; one more is refused with HTTP 503 before the upgrade. */
  maxSessions: number;
  /** `hello` must arrive this soon after the socket opens, else close 1008. */
  helloTimeoutMs: number;
  /** Ping interval; a peer that misses `missedPongs` pongs in a row is terminated. */
  heartbeatIntervalMs: number;
  missedPongs: number;
  /** Frames per second per session, with a burst allowance. */
  framesPerSecond: number;
  frameBurst: number;
  /**
   * Frames refused for rate, per second, before the session counts as a flood and is closed 1008. A page that
   * merely bursts gets `BRIDGE_RATE_LIMITED` answers; one that keeps going after them is cut off.
   */
  floodRefusalsPerSecond: number;
  floodRefusalBurst: number;
  /** Invalid frames tolerated (per minute, with the same burst) before the session is closed 1008. */
  invalidFramesPerMinute: number;
  /** Connection attempts (tests, opens, database lists from a profile) per minute: per session and bridge-wide. */
  connectsPerMinute: number;
  globalConnectsPerMinute: number;
  /** Connection attempts one session may have running at once; more get `BRIDGE_BUSY`. */
  maxConcurrentConnects: number;
  /** Above this many unsent bytes the session stops reading requests until the page catches up. */
  sendHighWaterBytes: number;
  /** Above this many unsent bytes the page is not reading at all: close 1013. */
  sendHardCapBytes: number;
  /** Pool size per profile and database (`maxConnections` in DESIGN §4). */
  maxConnections: number;
  /** Idle pooled connections are closed after this long. */
  poolIdleTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<BridgeLimits> = {
  maxSessions: 4,
  helloTimeoutMs: HELLO_TIMEOUT_MS,
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  missedPongs: 3,
  framesPerSecond: 20,
  frameBurst: 50,
  floodRefusalsPerSecond: 5,
  floodRefusalBurst: 50,
  invalidFramesPerMinute: 10,
  connectsPerMinute: 10,
  globalConnectsPerMinute: 30,
  maxConcurrentConnects: 4,
  sendHighWaterBytes: 8 * 1024 * 1024,
  sendHardCapBytes: 32 * 1024 * 1024,
  maxConnections: 10,
  poolIdleTimeoutMs: 30_000,
};

/** HTTP server settings (security.md §4): slow or bloated requests are cut off before they reach the gate. */
export const HTTP_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  maxHeaderSize: 16 * 1024,
  /** TCP connections to a bridge-owned server; sessions plus room for the page's own asset requests. */
  minMaxConnections: 16,
} as const;

/** ws `closeTimeout`: how long a closing handshake may take before the socket is destroyed. */
export const CLOSE_TIMEOUT_MS = 5_000;

export function resolveLimits(overrides: Partial<BridgeLimits> = {}): BridgeLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`bridge limit ${key} must be a positive number, got ${String(value)}`);
  }
  return limits;
}
