/**
 * An Entra access token the page obtained itself (msal-browser's popup, for a bridge that cannot open a
 * browser) and handed over in `secrets.entraToken` for one connection attempt. The bridge cannot renew it, so
 * it is accepted only where a token the bridge fetched itself would be sent (security T9): an Entra profile, a
 * host of the token's cloud (or one the operator allowed), sslmode verify-full with a matching server name —
 * and only if the token is meant for PostgreSQL and still valid. Its payload is decoded without checking the
 * signature: the server verifies the token; the bridge only refuses what the server would refuse anyway, before
 * anything is dialled, with a code the user can act on.
 *
 * Pools: every new pooled connection gets the same token. Once it has expired, new connections fail with
 * `ENTRA_TOKEN_EXPIRED` (the page signs in again and reconnects); connections already open stay open, since
 * the server checks a token only at login.
 */
import { BridgeError, normalizeHost, type ConnectionProfile } from '@pgconnect/core';
import type { PasswordProvider, PasswordTarget } from '../../connect/types.js';
import type { TokenIssued } from '../aws-iam.js';
import { checkTokenTarget } from '../host-policy.js';
import { ENTRA_CLOUDS, type EntraCloud } from './clouds.js';

/** A token must outlive the connection's login by this much; the server rejects it at login otherwise. */
const EXPIRY_MARGIN_MS = 30_000;

export interface PageTokenPolicy {
  /** The cloud this bridge serves Entra for; without it, the cloud whose PostgreSQL audience the token carries. */
  cloud?: EntraCloud;
  /** Hosts outside the cloud's flexible-server names that the operator allowed (`EntraAuth.allowsHost`). */
  allowedHost?: (host: string) => boolean;
  /** For tests. */
  now?: () => number;
}

interface PageToken {
  audience: string;
  expiresAt: Date;
}

/** The PostgreSQL audience of a cloud: its scope without `/.default`. */
const audienceOf = (cloud: EntraCloud) => cloud.postgresScope.replace(/\/\.default$/, '');

/**
 * Checks `token` against the profile and the policy, then returns the password provider for the engine. Throws
 * before any network activity when the token may not be used.
 */
export function pageTokenPassword(profile: ConnectionProfile, token: string, policy: PageTokenPolicy = {}, options: { onToken?: (token: TokenIssued) => void } = {}): PasswordProvider {
  const auth = profile.auth;
  if (auth.type !== 'entra') {
    throw new BridgeError('PROFILE_INVALID_VALUE', {
      message: 'A Microsoft Entra token was given for a profile that does not use Entra authentication.',
      hint: 'Choose Entra Auth as the authentication type, or connect without signing in with Microsoft.',
      data: { field: 'auth.type' },
    });
  }
  if (auth.user.trim() === '') throw new BridgeError('PROFILE_ENTRA_INCOMPLETE', { data: { field: 'auth.user' } });
  const claims = decodePayload(token);
  const clouds = policy.cloud ? [policy.cloud] : Object.values(ENTRA_CLOUDS);
  const cloud = clouds.find((c) => sameAudience(claims.audience, audienceOf(c)));
  // The host and TLS checks come first: they are what a user fixes in the profile.
  const allowed = (host: string) => {
    const name = normalizeHost(host);
    return clouds.some((c) => name.endsWith(c.postgresHostSuffix) && name.length > c.postgresHostSuffix.length && (cloud === undefined || c === cloud)) || (policy.allowedHost?.(name) ?? false);
  };
  const refusal = checkTokenTarget(profile, { tls: 'ENTRA_TLS_NOT_VERIFIED', host: 'ENTRA_HOST_NOT_ALLOWED' }, allowed);
  if (refusal) throw refusal;
  if (!cloud) {
    throw new BridgeError('ENTRA_TOKEN_REJECTED', {
      message: 'The Microsoft Entra token from the page is not a token for Azure Database for PostgreSQL.',
      hint: `Sign in with the scope ${(policy.cloud ?? ENTRA_CLOUDS.public).postgresScope} (or your cloud's ossrdbms-aad scope) and try again.`,
      data: { user: auth.user },
    });
  }
  const now = policy.now ?? Date.now;
  const checkExpiry = () => {
    if (claims.expiresAt.getTime() - EXPIRY_MARGIN_MS <= now()) {
      throw new BridgeError('ENTRA_TOKEN_EXPIRED', {
        message: 'The Microsoft Entra token the page signed in for has expired.',
        hint: 'The bridge cannot renew a token from the page. Sign in with Microsoft again (popup) and connect again.',
      });
    }
  };
  checkExpiry();
  return ({ host }: PasswordTarget) => {
    if (!allowed(host)) throw new BridgeError('ENTRA_HOST_NOT_ALLOWED', { data: { host } });
    checkExpiry();
    options.onToken?.({ provider: 'entra', expiresAt: claims.expiresAt });
    return token;
  };
}

/** `aud` and `exp` from the JWT payload, unverified. A token that is not a JWT is refused, never echoed. */
function decodePayload(token: string): PageToken {
  const unreadable = () =>
    new BridgeError('ENTRA_TOKEN_REJECTED', {
      message: 'The Microsoft Entra token from the page is not a readable access token.',
      hint: 'Sign in with Microsoft again; the page should hand over the access token, not an ID token or a code.',
    });
  const payload = token.split('.')[1];
  if (payload === undefined) throw unreadable();
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw unreadable();
  }
  if (typeof claims !== 'object' || claims === null) throw unreadable();
  const { aud, exp } = claims as { aud?: unknown; exp?: unknown };
  if (typeof aud !== 'string' || typeof exp !== 'number') throw unreadable();
  return { audience: aud, expiresAt: new Date(exp * 1000) };
}

function sameAudience(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.toLowerCase();
}
