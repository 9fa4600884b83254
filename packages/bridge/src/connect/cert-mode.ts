/**
 * libpq's `sslcertmode` (PostgreSQL 16+). `disable` never sends a client certificate — the plan does not even
 * load one — and `allow` (the default) sends one when the server asks and one is chosen. `require` is checked
 * here, where libpq checks it (fe-auth.c `check_expected_areq`): when the server has said AuthenticationOk. So a
 * server error (wrong password, no pg_hba.conf line, a server that insists on a certificate) is still the error
 * reported, and the refusal is a hard failure: libpq does not retry it with the other encryption method.
 */
import { BridgeError, type ErrorData } from '@pgconnect/core';
import type { TlsPlan } from './plan.js';
import type { ClientCertExchange } from './tls-handshake.js';

/** Over plaintext (or a Unix socket) there is no TLS, so no certificate can be asked for. */
export const NO_CLIENT_CERT: ClientCertExchange = { requested: false, sent: false };

/** The refusal for a login the server accepted, or undefined when sslcertmode is satisfied. */
export function certModeRefusal(plan: TlsPlan, exchange: ClientCertExchange, data: ErrorData): BridgeError | undefined {
  if (plan.certMode !== 'require') return undefined;
  // libpq's two messages, in its order: "server did not request an SSL certificate", then "server accepted
  // connection without a valid SSL certificate".
  if (!exchange.requested) return new BridgeError('TLS_CLIENT_CERT_NOT_REQUESTED', { data });
  if (!exchange.sent) return new BridgeError('TLS_CLIENT_CERT_NOT_SENT', { data });
  return undefined;
}
