import type { BridgeInfo, IncomingFrame } from './protocol.js';
import type { Transport, TransportHandlers } from './transport.js';

/** What `acquireVsCodeApi()` returns inside a VS Code webview, as far as this transport needs it. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
}

export interface PostMessageTransportOptions {
  /** A `MessagePort` handed over by the host, or the VS Code webview API. */
  target: MessagePort | VsCodeApi;
  /** Where the host's answers arrive: the port itself, or `window` for a VS Code webview. */
  source?: EventTarget;
  /** What the host says about itself; IDE hosts are trusted by construction, so there is no token handshake. */
  info?: Partial<BridgeInfo>;
}

/**
 * A transport for IDE webviews: frames go to the extension host with `postMessage`. The webview's channel is
 * private to the extension, so the host is trusted and no token proof is exchanged; the extension speaks the
 * same frames as the WebSocket bridge (or forwards them to one).
 */
export class PostMessageTransport implements Transport {
  readonly #options: PostMessageTransportOptions;
  #listener: ((event: Event) => void) | undefined;

  constructor(options: PostMessageTransportOptions) {
    this.#options = options;
  }

  open(handlers: TransportHandlers): Promise<BridgeInfo> {
    const { target } = this.#options;
    const source = this.#options.source ?? (isPort(target) ? target : window);
    this.#listener = (event: Event) => {
      const data: unknown = (event as MessageEvent).data;
      if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') {
        handlers.message(data as IncomingFrame);
      }
    };
    source.addEventListener('message', this.#listener);
    if (isPort(target)) target.start();
    return Promise.resolve({ bridgeVersion: '', capabilities: [], mode: 'local', ...this.#options.info });
  }

  send(frame: Record<string, unknown>): void {
    this.#options.target.postMessage(frame);
  }

  close(): void {
    const { target } = this.#options;
    const source = this.#options.source ?? (isPort(target) ? target : window);
    if (this.#listener) source.removeEventListener('message', this.#listener);
    this.#listener = undefined;
  }
}

function isPort(target: MessagePort | VsCodeApi): target is MessagePort {
  return typeof MessagePort !== 'undefined' && target instanceof MessagePort;
}
