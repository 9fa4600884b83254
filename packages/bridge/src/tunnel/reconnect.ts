/**
 * Re-establishing a tunnel that was cut: the first try at once (most cuts are a dropped TCP connection to a
 * server that is still there), then exponential backoff with jitter, so a bastion that is down is not hammered
 * and many tunnels to the same bastion do not retry in lockstep. Failures that another try cannot fix — a changed
 * host key, a refused login, an unreadable key — stop at once: retrying a wrong password would only lock the
 * account.
 */
import { BridgeError, type ErrorCode } from '@pgconnect/core';

export interface BackoffPolicy {
  /** The wait before the second try; the first is immediate. */
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** Tries in all, the immediate one included. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, factor: 2, maxAttempts: 10 };

/** Codes that mean the network or the server was briefly away, so the same attempt may work later. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SSH_TIMEOUT',
  'SSH_DISCONNECTED',
  'SSH_CHANNEL_OPEN_FAILED',
  'NET_REFUSED',
  'NET_TIMEOUT',
  'NET_UNREACHABLE',
  'NET_RESET',
  'NET_DNS_FAILED',
  'NET_CONNECT_FAILED',
]);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof BridgeError)) return false;
  // These wrap another failure and name its code in `reason`: a jump host that could not be passed, and an SSH
  // server that could not be reached (refused or unreachable may pass; a name that does not exist will not).
  if (error.code === 'SSH_JUMP_HOST_FAILED' || error.code === 'SSH_CONNECT_FAILED') {
    if (error.cause instanceof BridgeError) return isTransient(error.cause);
    const reason = error.data?.['reason'];
    return typeof reason === 'string' && TRANSIENT.has(reason as ErrorCode);
  }
  return TRANSIENT.has(error.code);
}

/** The wait before try `attempt` (1-based): 0 for the first, then half fixed, half random ("equal jitter"). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  if (attempt <= 1) return 0;
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 2));
  return Math.round(base / 2 + (base / 2) * random());
}

export interface RetryOptions {
  signal: AbortSignal;
  shouldRetry: (error: unknown) => boolean;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  random?: () => number;
}

/** Runs `attempt` until it succeeds (resolving with the number of tries) or a failure is final. */
export async function retryWithBackoff(attempt: (n: number) => Promise<void>, policy: BackoffPolicy, options: RetryOptions): Promise<number> {
  let delay = backoffDelay(policy, 1, options.random);
  for (let n = 1; ; n++) {
    await sleep(delay, options.signal);
    try {
      await attempt(n);
      return n;
    } catch (error) {
      if (options.signal.aborted || n >= policy.maxAttempts || !options.shouldRetry(error)) throw error;
      delay = backoffDelay(policy, n + 1, options.random);
      options.onRetry?.(n, delay, error);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => reject(new BridgeError('BRIDGE_CANCELLED', { cause: signal.reason }));
    if (signal.aborted) return cancelled();
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      cancelled();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
