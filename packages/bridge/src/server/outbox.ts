/**
 * Bridge → page frames with backpressure (security.md §4, ws#2009). `ws.send()` never says the socket is full,
 * so the outbox counts the bytes it has handed to ws and not yet seen written. Above the high-water mark the
 * session stops reading requests (`ws.pause()`) until the page catches up; above the hard cap the page is not
 * reading at all, and the session closes with 1013 "try again later".
 *
 * Frames sent in the same turn of the event loop leave in one write: a Test Connection step typically ends one
 * stage and starts the next (two frames), and each frame written alone costs a system call here and a wake-up
 * in the page. Every frame is still its own WebSocket message, in order; only the TCP writes are combined.
 */
import WebSocket from 'ws';
import type { BridgeLimits } from './limits.js';

/** The part of net.Socket the outbox uses to hold writes until the end of the current turn. */
interface Corkable {
  cork(): void;
  uncork(): void;
}

export class Outbox {
  #unwritten = 0;
  #paused = false;
  #corked = false;
  readonly #socket: Corkable | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: Pick<BridgeLimits, 'sendHighWaterBytes' | 'sendHardCapBytes'>,
    /** Called once the hard cap is passed; the frame that passed it is dropped. */
    private readonly onOverflow: () => void,
  ) {
    this.#socket = corkableSocket(ws);
  }

  /** Bytes handed to ws and not yet written to the socket. */
  get unwritten(): number {
    return this.#unwritten;
  }

  send(frame: object): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(frame);
    const bytes = Buffer.byteLength(text);
    if (this.#unwritten + bytes > this.limits.sendHardCapBytes) {
      this.onOverflow();
      return;
    }
    this.#unwritten += bytes;
    if (this.#unwritten > this.limits.sendHighWaterBytes && !this.#paused) {
      this.#paused = true;
      this.ws.pause();
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
