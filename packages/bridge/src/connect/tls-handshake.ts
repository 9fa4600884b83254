/**
 * The TLS handshake on an already open stream (after `S`, or at once for `sslnegotiation=direct`), with the
 * certificate checks decided per sslmode exactly as libpq decides them:
 * - the chain is checked whenever a root certificate is loaded — verify-ca and verify-full always have one, and
 *   require/prefer/allow check it too when one is loaded (libpq's root.crt rule);
 * - the name is checked only for verify-full, against `ssl.serverName` or the host *name* (never the hostaddr
 *   dialled), for IP hosts too.
 * Node's own verification is switched off (`rejectUnauthorized: false`) and its result read afterwards, so the
 * decision is ours and the error names the exact reason.
 */
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { TlsReport } from '@pgconnect/core';
import { bridgeError } from '../errors/translate.js';
import type { TlsPlan } from './plan.js';
import { secureContexts } from './tls-context.js';
import { checkCertificateName } from './tls-identity.js';

/** Whether the server asked for a client certificate and whether one went back: what sslcertmode=require checks. */
export interface ClientCertExchange {
  requested: boolean;
  sent: boolean;
}

export interface TlsSession {
  socket: TLSSocket;
  report: TlsReport;
  clientCert: ClientCertExchange;
}

/** Thrown for certificate failures, with the OpenSSL/Node code the error table knows. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export function startTls(stream: Duplex, plan: TlsPlan, host: string, signal: AbortSignal): Promise<TlsSession> {
  const checkChain = plan.material.ca !== undefined;
  const nameToCheck = plan.sslmode === 'verify-full' ? (plan.serverName ?? host) : undefined;
  if (nameToCheck === '') throw bridgeError('PROFILE_VERIFY_FULL_NEEDS_HOST_NAME', { sslmode: plan.sslmode });
  const sniName = plan.serverName ?? host;
  const direct = plan.negotiation === 'direct';

  return new Promise((resolve, reject) => {
    let socket: TLSSocket;
    // Node builds the peer's certificate chain as objects for `checkServerIdentity` (only when the chain
    // verified); the name check below reuses that instead of building it again.
    let verifiedPeer: PeerCertificate | undefined;
    try {
      // Both throw at once for an unusable client key or a wrong key passphrase.
      const options: ConnectionOptions = {
        socket: stream,
        rejectUnauthorized: false,
        checkServerIdentity: (_host, cert) => {
          verifiedPeer = cert;
          return undefined;
        },
        // Roots, client certificate and key, CRL and TLS versions; shared by connects with the same material.
        secureContext: secureContexts.contextFor({ material: plan.material, minVersion: plan.minVersion, maxVersion: plan.maxVersion }),
        // libpq sslsni: SNI carries the host name, never an IP literal (RFC 6066).
        ...(plan.sni && sniName !== '' && isIP(sniName) === 0 && { servername: sniName }),
        ...(direct && { ALPNProtocols: ['postgresql'] }),
      };
      socket = tlsConnect(options);
    } catch (error) {
      reject(error);
      return;
    }
    socket.on('error', () => {}); // after settling, the session's owner listens; until then this one does
    const fail = (error: unknown) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal.reason);
    const onError = (error: Error) => fail(error);
    const onClose = () => fail(Object.assign(new Error('the server closed the connection during the TLS handshake'), { code: 'ECONNRESET' }));
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    if (signal.aborted) return fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.once('secureConnect', () => {
      if (direct && socket.alpnProtocol !== 'postgresql') {
        return fail(bridgeError('TLS_HANDSHAKE_FAILED', { host }, { message: 'direct SSL connection was established without ALPN protocol negotiation extension' }));
      }
      if (checkChain && !socket.authorized) {
        const reason = socket.authorizationError as unknown;
        const code = typeof reason === 'string' ? reason : ((reason as { code?: string } | null)?.code ?? 'CERT_UNTRUSTED');
        return fail(new CertificateError(code, `certificate verify failed: ${code}`));
      }
      if (nameToCheck !== undefined) {
        const check = checkCertificateName(nameToCheck, verifiedPeer ?? socket.getPeerCertificate());
        if (!check.ok) {
          return fail(new CertificateError('ERR_TLS_CERT_ALTNAME_INVALID', `server certificate for "${check.names.join('", "')}" does not match host name "${nameToCheck}"`));
        }
      }
      cleanup();
      resolve({
        socket,
        clientCert: clientCertExchange(socket, plan.material.cert !== undefined),
        report: {
          encrypted: true,
          verified: checkChain,
          ...(socket.getProtocol() && { protocol: socket.getProtocol() ?? undefined }),
          ...(socket.getCipher() && { cipher: socket.getCipher().name }),
        },
      });
    });
  });
}

/**
 * libpq learns this from OpenSSL's certificate callback, which runs only when the server sends a
 * CertificateRequest (`cert_cb` in fe-secure-openssl.c). Node has no such callback, but OpenSSL fills a client's
 * shared signature algorithms only while processing a CertificateRequest (TLS 1.2 and 1.3 alike), so a non-empty
 * `getSharedSigalgs()` on our side means the server asked. As in libpq, a certificate counts as sent when the
 * server asked and one was loaded.
 */
function clientCertExchange(socket: TLSSocket, certLoaded: boolean): ClientCertExchange {
  const requested = socket.getSharedSigalgs().length > 0;
  return { requested, sent: requested && certLoaded };
}
