/** An id for requests and tests the bridge accepts (`[A-Za-z0-9_-]{1,64}`). */
export function randomId(): string {
  return crypto.randomUUID();
}

/** Dispatches without letting a throwing listener escape into the element's own handler. */
export function emit<E extends Event>(target: EventTarget, event: E): E {
  target.dispatchEvent(event);
  return event;
}
