/**
 * Small helpers for the engine's cancellation model: every attempt has one AbortSignal that fires on the
 * caller's cancel or on the connect timeout, and every wait races it.
 */

/** Resolves or rejects with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The reason a deadline signal aborts with, so the engine can tell a timeout from a cancel. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * A signal that aborts when `parent` does or after `ms` (never, when `ms` is undefined: libpq's
 * connect_timeout=0). `dispose` clears the timer once the attempt is over.
 */
export function deadline(parent: AbortSignal, ms: number | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const unfollow = abortWith(controller, parent);
  const timer = ms === undefined ? undefined : setTimeout(() => controller.abort(new DeadlineExceeded(ms)), ms);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      unfollow();
    },
  };
}

/**
 * Aborts `controller` as soon as any of `parents` aborts, with its reason; returns the function that stops
 * following them. `AbortSignal.any` does the same for a signal, but its link to a long-lived parent (a
 * session's signal) can only be dropped by the garbage collector, and it costs several times as much on every
 * connect.
 */
export function abortWith(controller: AbortController, ...parents: AbortSignal[]): () => void {
  const listening: [AbortSignal, () => void][] = [];
  for (const parent of parents) {
    if (parent.aborted) {
      if (!controller.signal.aborted) controller.abort(parent.reason);
      continue;
    }
    const onParent = () => controller.abort(parent.reason);
    parent.addEventListener('abort', onParent, { once: true });
    listening.push([parent, onParent]);
  }
  return () => {
    for (const [parent, onParent] of listening) parent.removeEventListener('abort', onParent);
  };
}
