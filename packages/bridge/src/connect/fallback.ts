/**
 * sslmode as a sequence of encryption methods per address, and when the engine moves from one to the next —
 * libpq's rules (fe-connect.c `init_allowed_encryption_methods`, `select_next_encryption_method`), with one
 * deliberate departure, explained at `shouldFallBack`.
 */
import { SSLMODE_SEMANTICS, type EncryptionAttempt, type FallbackTrigger, type SslMode } from '@pgconnect/core';

/**
 * The methods to try on one address, in order. A Unix-domain socket never uses TLS, whatever the sslmode:
 * libpq connects in plaintext even with sslmode=require (the bytes never leave the machine).
 */
export function encryptionMethods(sslmode: SslMode, overSocket: boolean): readonly EncryptionAttempt[] {
  if (overSocket) return ['plain'];
  return SSLMODE_SEMANTICS[sslmode].attempts;
}

/** SQLSTATE 28P01, invalid_password. */
const INVALID_PASSWORD = '28P01';

/**
 * Whether a failure of the first method leads to the second one (allow: plaintext → TLS; prefer: TLS →
 * plaintext), on a new connection except for `server-declines-tls`, which continues on the same socket.
 *
 * The departure from libpq: when the server rejects the login with 28P01 (wrong password), libpq retries with
 * the other method and so sends the password a second time — the second failure can trip fail2ban or an
 * account lockout, and a password that was wrong over TLS is just as wrong in plaintext (and vice versa), since
 * the server checks the same secret. The bridge stops there. Every other server error still falls back as in
 * libpq — above all 28000, which is what a `hostssl`-only or `hostnossl`-only pg_hba.conf answers ("no
 * pg_hba.conf entry … no encryption" / "… SSL encryption"): there the other method is exactly what works.
 */
export function shouldFallBack(sslmode: SslMode, trigger: FallbackTrigger, sqlstate?: string): boolean {
  const fallback = SSLMODE_SEMANTICS[sslmode].fallback;
  if (!fallback?.when.includes(trigger)) return false;
  return !(trigger === 'server-error-during-startup' && sqlstate === INVALID_PASSWORD);
}
