/**
 * The bridge client without the elements (`@pgconnect/components/client.js`): for pages that drive the bridge
 * themselves, or host apps that use `query` and `connection.close` next to the dialog.
 */
export { BridgeClient } from './bridge-client.js';
export type { BridgeClientOptions, BridgeService, BridgeState, RequestOptions } from './bridge-client.js';
export { BridgeClientError, toErrorPayload } from './bridge-error.js';
export { WebSocketTransport } from './websocket-transport.js';
export type { WebSocketTransportOptions } from './websocket-transport.js';
export { PostMessageTransport } from './postmessage-transport.js';
export type { PostMessageTransportOptions, VsCodeApi } from './postmessage-transport.js';
export type { Transport, TransportHandlers } from './transport.js';
export { bridgeContext, provideBridge } from '../context/bridge-context.js';
export * from './protocol.js';
