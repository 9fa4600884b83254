/** @pgconnect/bridge — the local WebSocket bridge and the `pgconnect` CLI. */
export {};
