import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@pgconnect/core';
import { tokensEqual } from './token.js';

/**
 * The gate every WebSocket upgrade passes before `ws` sees it. The order matters: Host and Origin first (403),
 * so a foreign page learns nothing about the token; then the token (401). Nothing here trusts forwarded headers:
 * any local process can set them.
 */
export interface UpgradeGate {
  token: string;
  /** Exact `scheme://host[:port]` strings. No patterns: prefix and suffix matching is how allowlists get bypassed. */
  allowedOrigins: readonly string[];
  /** Exact `host:port` values the Host header may carry. */
  allowedHosts: readonly string[];
  /** Clients without an Origin header (CLIs, IDE hosts) are admitted when they hold the token. */
  allowNoOrigin: boolean;
}

export type GateVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403; reason: string };

/**
 * Node silently drops the headers past its limit (`maxHeadersCount`; in practice the cut comes even earlier, at
 * about 1,000), so a request with that many may have lost its Origin or Host and would look like a client that
 * sent none (the ws 8.17.1 lesson). A browser's upgrade has a couple of dozen headers: anything near this
 * bound is refused outright instead.
 */
const MAX_HEADERS = 256;

export function checkUpgrade(req: IncomingMessage, gate: UpgradeGate): GateVerdict {
  const raw = req.rawHeaders;
  if (raw.length / 2 > MAX_HEADERS) return { ok: false, status: 400, reason: 'too many headers' };

  const hosts = headerValues(raw, 'host');
  if (hosts.length !== 1 || !gate.allowedHosts.includes(hosts[0]!.toLowerCase())) {
    return { ok: false, status: 403, reason: 'host not allowed' };
  }

  const origins = headerValues(raw, 'origin');
  if (origins.length > 1) return { ok: false, status: 403, reason: 'ambiguous origin' };
  const origin = origins[0];
  if (origin === undefined ? !gate.allowNoOrigin : !gate.allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: 'origin not allowed' };
  }

  const offered = offeredProtocols(raw);
  if (!offered.includes(SUBPROTOCOL)) return { ok: false, status: 400, reason: `subprotocol ${SUBPROTOCOL} required` };
  const tokens = offered.filter((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (tokens.length > 1) return { ok: false, status: 401, reason: 'ambiguous credentials' };
  const token = tokens[0]?.slice(TOKEN_SUBPROTOCOL_PREFIX.length) ?? '';
  if (!tokensEqual(gate.token, token)) return { ok: false, status: 401, reason: 'token required' };
  return { ok: true };
}

/** Ends a refused upgrade with a plain HTTP answer, before any WebSocket exists. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The Host values a bridge listening on `port` answers to: loopback literals and `localhost`, nothing resolved. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

function headerValues(raw: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!.trim());
  return values;
}

function offeredProtocols(raw: string[]): string[] {
  return headerValues(raw, 'sec-websocket-protocol')
    .flatMap((v) => v.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
}
