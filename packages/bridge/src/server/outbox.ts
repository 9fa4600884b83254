/**
 * Bridge → page frames with backpressure (security.md §4, ws#2009). `ws.send()` never says the socket is full,
 * so the outbox counts the bytes it has handed to ws and not yet seen written. Above the high-water mark the
 * session stops reading requests (`ws.pause()`) until the page catches up; above the hard cap the page is not
 * reading at all, and the session closes with 1013 "try again later".
 *
 * Each frame written alone costs a system call in the bridge and a wake-up in the page, and Test Connection
 * streams a dozen stage events for one result. So writes are combined, never frames (each stays its own
 * WebSocket message, in order):
 * - replies (`send`) leave at the end of the current turn of the event loop, together with any other frame
 *   sent in that turn;
 * - pushes (`push`, the `event.*` frames) are held for at most `pushHoldMs` — one display frame by default,
 *   the fastest a page can show progress — or until a reply leaves, whichever is first; a reply never
 *   overtakes the events before it. A test that takes seconds still shows each stage as it starts; one that
 *   takes a few milliseconds delivers its stages and its result in one write.
 */
import WebSocket from 'ws';
import type { BridgeLimits } from './limits.js';

/** A 60 Hz display frame: the page cannot show progress any faster. */
export const DEFAULT_PUSH_HOLD_MS = 16;

/** The part of net.Socket the outbox uses to hold writes until the end of the current turn. */
interface Corkable {
  cork(): void;
  uncork(): void;
}

interface Held {
  text: string;
  bytes: number;
}

export class Outbox {
  #unwritten = 0;
  #paused = false;
  #corked = false;
  #held: Held[] = [];
  #holdTimer: NodeJS.Timeout | undefined;
  readonly #socket: Corkable | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: Pick<BridgeLimits, 'sendHighWaterBytes' | 'sendHardCapBytes'>,
    /** Called once the hard cap is passed; the frame that passed it is dropped. */
    private readonly onOverflow: () => void,
    private readonly pushHoldMs = DEFAULT_PUSH_HOLD_MS,
  ) {
    this.#socket = corkableSocket(ws);
  }

  /** Bytes handed to the outbox and not yet written to the socket (held pushes included). */
  get unwritten(): number {
    return this.#unwritten;
  }

  /** A reply (or any frame that must not wait): leaves this turn, after every push held before it. */
  send(frame: object): void {
    const held = this.#admit(frame);
    if (!held) return;
    this.flush();
    this.#write(held);
  }

  /** An event: leaves within `pushHoldMs`, or with the next reply. */
  push(frame: object): void {
    const held = this.#admit(frame);
    if (!held) return;
    this.#held.push(held);
    this.#holdTimer ??= setTimeout(() => this.flush(), this.pushHoldMs);
  }

  /** Writes the held pushes now (before a reply, or before the session closes the socket). */
  flush(): void {
    if (this.#holdTimer !== undefined) {
      clearTimeout(this.#holdTimer);
      this.#holdTimer = undefined;
    }
    const held = this.#held;
    if (held.length === 0) return;
    this.#held = [];
    for (const frame of held) this.#write(frame);
  }

  /** Drops what is held: the socket is gone. */
  discard(): void {
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#held = [];
  }

  /** Serializes and counts a frame; undefined when the socket is not open or the frame passed the hard cap. */
  #admit(frame: object): Held | undefined {
    if (this.ws.readyState !== WebSocket.OPEN) return undefined;
    const text = JSON.stringify(frame);
    const bytes = Buffer.byteLength(text);
    if (this.#unwritten + bytes > this.limits.sendHardCapBytes) {
      this.onOverflow();
      return undefined;
    }
    this.#unwritten += bytes;
    if (this.#unwritten > this.limits.sendHighWaterBytes && !this.#paused) {
      this.#paused = true;
      this.ws.pause();
    }
    return { text, bytes };
  }

  #write({ text, bytes }: Held): void {
    if (this.ws.readyState !== WebSocket.OPEN) {
      this.#unwritten -= bytes;
      return;
    }
    this.#holdUntilEndOfTurn();
    this.ws.send(text, () => {
      this.#unwritten -= bytes;
      // Resume at half the mark, so a page hovering at the limit does not flip the socket on every frame.
      if (this.#paused && this.#unwritten <= this.limits.sendHighWaterBytes / 2 && this.ws.readyState === WebSocket.OPEN) {
        this.#paused = false;
        this.ws.resume();
      }
    });
  }

  /**
   * Corks the socket for the rest of this turn: ws corks and uncorks around each frame itself, and a write
   * nested in an outer cork waits for the outer uncork. `process.nextTick` runs once the promise continuations
   * of this turn are done, so the frames they send go out together, without waiting for another I/O event.
   */
  #holdUntilEndOfTurn(): void {
    const socket = this.#socket;
    if (!socket || this.#corked) return;
    this.#corked = true;
    socket.cork();
    process.nextTick(() => {
      this.#corked = false;
      socket.uncork();
    });
  }
}

/**
 * ws writes each frame to the net.Socket it keeps as `_socket` and offers no public way to batch frames; an
 * object without `cork`/`uncork` there (another ws version, a test double) just means frames leave one by one.
 */
function corkableSocket(ws: WebSocket): Corkable | undefined {
  const socket = (ws as unknown as { _socket?: Partial<Corkable> })._socket;
  if (typeof socket?.cork !== 'function' || typeof socket.uncork !== 'function') return undefined;
  return socket as Corkable;
}
