/**
 * @pgconnect/components — the pgconnect custom elements, their events and the bridge client.
 * Importing this module defines every element.
 */
export { PgConnectionDialog } from './connection-dialog/pg-connection-dialog.js';
export { PgSslSettings } from './ssl-settings/pg-ssl-settings.js';
export { PgSshSettings } from './ssh-settings/pg-ssh-settings.js';
export { PgAuthSettings } from './auth-settings/pg-auth-settings.js';
export { PgServerGroups } from './server-groups/pg-server-groups.js';
export { PgConnectionList } from './connection-list/pg-connection-list.js';
export { PgPermissionsView } from './permissions-view/pg-permissions-view.js';
export * from './events/events.js';
export { bridgeContext, provideBridge } from './context/bridge-context.js';
export { BridgeClient } from './client/bridge-client.js';
export type { BridgeClientOptions, BridgeService, BridgeState, RequestOptions } from './client/bridge-client.js';
export { BridgeClientError } from './client/bridge-error.js';
export { WebSocketTransport } from './client/websocket-transport.js';
export type { WebSocketTransportOptions } from './client/websocket-transport.js';
export { PostMessageTransport } from './client/postmessage-transport.js';
export type { PostMessageTransportOptions, VsCodeApi } from './client/postmessage-transport.js';
export type { Transport, TransportHandlers } from './client/transport.js';
export * from './client/protocol.js';
export { PgAzureBrowser } from './connection-dialog/pg-azure-browser.js';
