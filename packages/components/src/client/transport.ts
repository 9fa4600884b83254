import type { BridgeInfo, IncomingFrame } from './protocol.js';

export interface TransportHandlers {
  message(frame: IncomingFrame): void;
  /** The channel is gone. `retry` is false when reconnecting cannot help (for example an unverified bridge). */
  closed(info: { retry: boolean; reason: string }): void;
}

/**
 * A channel to the bridge. `open` resolves only once the peer is known to be the bridge; until then the
 * client sends nothing over it.
 */
export interface Transport {
  open(handlers: TransportHandlers): Promise<BridgeInfo>;
  send(frame: Record<string, unknown>): void;
  close(): void;
}
