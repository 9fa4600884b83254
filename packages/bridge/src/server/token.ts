import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/** A fresh 256-bit bridge token, URL- and subprotocol-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time whatever the
 * lengths, and a wrong-length guess learns nothing.
 */
export function tokensEqual(expected: string, offered: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(offered).digest();
  return timingSafeEqual(a, b);
}

/** The bridge's answer to the client's hello nonce: proof that it holds the token, without revealing it. */
export function proveToken(token: string, nonce: string): string {
  return createHmac('sha256', token).update(nonce).digest('base64url');
}
