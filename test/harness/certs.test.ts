import { createPrivateKey, X509Certificate } from 'node:crypto';
import { statSync } from 'node:fs';
import { checkServerIdentity, connect, createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCerts, type CertFiles, type TestCerts } from './index.js';

/** Connects to a TLS server trusting only `ca` and verifying `servername`; returns 'ok' or the error code. */
async function handshake(server: Server, host: string, servername: string, ca: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const socket = connect({ host, port, ca, servername });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('createCerts', () => {
  let certs: TestCerts;
  const servers = new Map<string, Server>();

  beforeAll(async () => {
    certs = await createCerts();
    for (const [name, files] of Object.entries(certs.server) as Array<[string, CertFiles]>) {
      const server = createServer({ cert: files.cert, key: files.key }, (socket) => socket.end());
      await new Promise<void>((resolve) => server.listen(0, '::', resolve));
      servers.set(name, server);
    }
  });

  afterAll(async () => {
    for (const server of servers.values()) server.close();
    await certs?.remove();
  });

  const serving = (name: keyof TestCerts['server']) => servers.get(name) as Server;

  it('issues a server certificate that verifies for localhost, 127.0.0.1 and ::1', async () => {
    expect(await handshake(serving('good'), '127.0.0.1', 'localhost', certs.ca.cert)).toBe('ok');
    const peer = new X509Certificate(certs.server.good.cert).toLegacyObject();
    for (const name of ['localhost', '127.0.0.1', '::1']) expect(checkServerIdentity(name, peer)).toBeUndefined();
  });

  it('issues a wrong-name certificate whose chain verifies but whose name does not', async () => {
    expect(await handshake(serving('wrongName'), '127.0.0.1', 'localhost', certs.ca.cert)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('issues an expired certificate', async () => {
    expect(await handshake(serving('expired'), '127.0.0.1', 'localhost', certs.ca.cert)).toBe('CERT_HAS_EXPIRED');
  });

  it('issues a certificate from a CA the client does not trust', async () => {
    expect(await handshake(serving('untrusted'), '127.0.0.1', 'localhost', certs.ca.cert)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await handshake(serving('untrusted'), '127.0.0.1', 'localhost', certs.otherCa.cert)).toBe('ok');
  });

  it('issues an IP-only certificate that verifies for 127.0.0.1 but not for localhost', async () => {
    expect(await handshake(serving('ipOnly'), '127.0.0.1', 'localhost', certs.ca.cert)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const peer = new X509Certificate(certs.server.ipOnly.cert).toLegacyObject();
    expect(checkServerIdentity('127.0.0.1', peer)).toBeUndefined();
  });

  it('issues client certificates whose CN is the role, with a plain or a passphrase-encrypted key', async () => {
    const plain = await certs.client('alice');
    const encrypted = await certs.client('bob', { passphrase: 'open sesame' });
    expect(new X509Certificate(plain.cert).subject).toBe('CN=alice');
    expect(new X509Certificate(encrypted.cert).subject).toBe('CN=bob');
    expect(new X509Certificate(plain.cert).verify(new X509Certificate(certs.ca.cert).publicKey)).toBe(true);
    expect(encrypted.key).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(() => createPrivateKey({ key: encrypted.key, passphrase: 'wrong' })).toThrow();
    expect(createPrivateKey({ key: encrypted.key, passphrase: 'open sesame' }).asymmetricKeyType).toBe('ec');
  });

  it('writes every private key with mode 0600', async () => {
    const keys = [...Object.values(certs.server), await certs.client('carol')].map((files) => files.keyPath);
    for (const key of keys) expect((statSync(key).mode & 0o777).toString(8)).toBe('600');
  });
});
