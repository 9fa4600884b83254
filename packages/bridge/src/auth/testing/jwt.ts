/** RS256 JWTs for the Entra stand-in: signed with a local key, checked the way a resource server checks them. */
import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function createSigningKey(kid = 'pgconnect-test-key'): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: key.kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

export type JwtVerdict = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/** Signature, `aud`, `nbf`/`exp` (with `now`), and nothing else: the caller checks the claims it cares about. */
export function verifyJwt(token: string, key: SigningKey, expect: { audience: string; now?: Date }): JwtVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: string; kid?: string };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'not a JWT' };
  }
  if (header.alg !== 'RS256' || header.kid !== key.kid) return { ok: false, reason: 'unexpected algorithm or key' };
  if (!createVerify('RSA-SHA256').update(`${head}.${body}`).verify(key.publicKey, Buffer.from(signature, 'base64url'))) {
    return { ok: false, reason: 'signature does not match' };
  }
  if (claims.aud !== expect.audience) return { ok: false, reason: `audience is ${String(claims.aud)}` };
  const now = Math.floor((expect.now ?? new Date()).getTime() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'token expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > now + 300) return { ok: false, reason: 'token not yet valid' };
  return { ok: true, claims };
}
