/**
 * The SSLRequest exchange (protocol "SSL Session Encryption"): 8 bytes — length 8 and the code 80877103 — and a
 * one-byte answer. node-postgres does this too, but treats `N` as fatal; libpq continues in plaintext on the
 * same socket when the sslmode allows it, which is why the bridge speaks this part itself.
 */
import type { Duplex } from 'node:stream';

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export type SslAnswer =
  | { kind: 'S' }
  | { kind: 'N' }
  /** The server answered with an ErrorResponse (very old servers, or a fork failure): never a fallback. */
  | { kind: 'E'; error: ServerErrorResponse | undefined }
  /** Something that is not PostgreSQL answered, or bytes followed `S` before the handshake. */
  | { kind: 'invalid'; reason: string };

/** The fields of an ErrorResponse our reader understands; shaped like pg's DatabaseError so translation is shared. */
export interface ServerErrorResponse {
  severity: string;
  code: string;
  message: string;
}

/** Sends SSLRequest and reads the answer. Rejects when the socket closes or errors first. */
export function requestSsl(stream: Duplex): Promise<SslAnswer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const finish = (answer: SslAnswer) => {
      cleanup();
      resolve(answer);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      if (received[0] === 0x45) resolve({ kind: 'E', error: parseErrorResponse(received) });
      else reject(Object.assign(new Error('the server closed the connection during SSL negotiation'), { code: 'ECONNRESET' }));
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const first = received[0];
      if (first === 0x53 /* S */ || first === 0x4e /* N */) {
        // libpq: "received unencrypted data after SSL response" — a man in the middle could inject plaintext
        // that would be read as if it came from inside the TLS session.
        if (received.length > 1) finish({ kind: 'invalid', reason: 'received unencrypted data after SSL response' });
        else finish({ kind: first === 0x53 ? 'S' : 'N' });
        return;
      }
      if (first === 0x45 /* E */) {
        const complete = received.length >= 5 && received.length >= 1 + received.readInt32BE(1);
        if (complete) finish({ kind: 'E', error: parseErrorResponse(received) });
        return;
      }
      finish({ kind: 'invalid', reason: `unexpected answer to SSLRequest (0x${(first ?? 0).toString(16).padStart(2, '0')})` });
    };
    stream.on('data', onData);
    stream.once('error', onError);
    stream.once('close', onClose);
    stream.write(SSL_REQUEST);
  });
}

/** Reads the S/V, C and M fields of an ErrorResponse ('E', int32 length, then type byte + C string pairs). */
export function parseErrorResponse(message: Buffer): ServerErrorResponse | undefined {
  if (message.length < 6) return undefined;
  const end = Math.min(message.length, 1 + message.readInt32BE(1));
  const fields = new Map<string, string>();
  let offset = 5;
  while (offset < end) {
    const type = message[offset];
    if (type === undefined || type === 0) break;
    const terminator = message.indexOf(0, offset + 1);
    if (terminator < 0 || terminator >= end) break;
    fields.set(String.fromCharCode(type), message.toString('utf8', offset + 1, terminator));
    offset = terminator + 1;
  }
  const code = fields.get('C');
  const text = fields.get('M');
  if (code === undefined || text === undefined) return undefined;
  return { severity: fields.get('V') ?? fields.get('S') ?? 'FATAL', code, message: text };
}
