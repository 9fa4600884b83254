/**
 * Constants both ends of the bridge WebSocket must agree on. The bridge enforces them; the page uses the
 * same numbers so it never builds a frame the bridge would refuse.
 */

/** The protocol version carried by `hello.v`. A change that an older peer would misread bumps it. */
export const PROTOCOL_VERSION = 1;

/** The subprotocol the bridge answers with; a client must offer it (DESIGN §6). */
export const SUBPROTOCOL = 'pgconnect.v1';

/**
 * The client also offers `pgconnect.token.<token>`. Browsers cannot set headers on a WebSocket, and a query
 * string ends up in logs, so the subprotocol list is the one place the token can travel.
 */
export const TOKEN_SUBPROTOCOL_PREFIX = 'pgconnect.token.';

/** Largest page → bridge frame (the bridge's `ws` `maxPayload`): a pasted CA bundle still fits. */
export const MAX_CLIENT_FRAME_BYTES = 256 * 1024;

/**
 * Largest bridge → page frame. Larger than the other direction because a privilege report or a query page
 * can be big; the bridge truncates a result (and says so) rather than send more.
 */
export const MAX_BRIDGE_FRAME_BYTES = 4 * 1024 * 1024;

/** Deepest JSON nesting either side accepts. The deepest valid frame (a recent entry's jump-host key) needs 9. */
export const MAX_FRAME_DEPTH = 16;

/** The client must send `hello` within this time of opening, or the bridge closes the socket. */
export const HELLO_TIMEOUT_MS = 5_000;

/** Bridge pings this often; a peer that misses three pongs is gone. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** `query.rowLimit` when the request gives none, and the most a request may ask for. */
export const DEFAULT_QUERY_ROW_LIMIT = 1_000;
export const MAX_QUERY_ROW_LIMIT = 10_000;

/**
 * WebSocket close codes the bridge uses, so the client can tell "reconnect" from "give up".
 * 1008/1009/1013 are RFC 6455's; 4001 is ours (4000–4999 are for applications).
 */
export const CLOSE_CODES = {
  /** A frame broke the rules (bad JSON after a warning, flood, op before `hello`): do not retry as is. */
  policyViolation: 1008,
  /** A frame was larger than `MAX_CLIENT_FRAME_BYTES`. */
  frameTooLarge: 1009,
  /** The client read too slowly and the bridge's send buffer filled: retry later. */
  tryAgainLater: 1013,
  /** The bridge restarted or rotated its token: the old token is void, fetch the new one. */
  tokenRevoked: 4001,
} as const;
