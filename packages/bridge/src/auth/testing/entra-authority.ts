/**
 * A stand-in for the Microsoft identity platform (v2.0 endpoints), speaking the documented protocol far enough
 * for MSAL Node: OIDC discovery (`/{tenant}/v2.0/.well-known/openid-configuration`), the authorize endpoint with
 * PKCE and `response_mode=form_post`, the device authorization endpoint (`/oauth2/v2.0/devicecode`) and the token
 * endpoint (`/oauth2/v2.0/token`) for the authorization_code, device_code (answering `authorization_pending` until
 * the user approves) and refresh_token grants. Tokens are RS256 JWTs signed with a local key: `id_token` with
 * tid/oid/preferred_username, access tokens with the resource as `aud`, and `client_info` as Entra sends it. It
 * serves HTTPS with a certificate from a test CA, which the bridge trusts through its own HTTPS client.
 *
 * For msal-browser (a single-page app signing in with a popup) it also answers `response_mode=fragment` and
 * `query` with a redirect carrying the code, and sends CORS headers on discovery and the token endpoint, as
 * Entra does for SPA redirect URIs.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerCert } from './certs.js';
import { createSigningKey, signJwt, type SigningKey } from './jwt.js';

export interface DirectoryUser {
  oid: string;
  homeTenant: string;
  /** The UPN: what Azure PostgreSQL uses as the role name. */
  username: string;
  name: string;
  /** Tenants the user may get tokens in (home tenant included). */
  tenants: string[];
}

export interface TokenGrantRecord {
  grantType: string;
  tenant: string;
  scope: string;
  oid?: string;
}

export interface EntraAuthority {
  /** `https://127.0.0.1:PORT`: the authority host to configure. */
  url: string;
  key: SigningKey;
  grants: TokenGrantRecord[];
  /** The user the "browser" signs in as at the authorize endpoint. */
  signInAs(oid: string): void;
  /** The user entered `userCode` at the verification page and signed in as `oid`. */
  approveDeviceCode(userCode: string, oid: string): void;
  /** Revokes every refresh token of the user (a password reset, a revoked session). */
  revokeRefreshTokens(oid: string): void;
  close(): Promise<void>;
}

export interface EntraAuthorityOptions {
  tls: ServerCert;
  users: DirectoryUser[];
  /** Default 3600. Below 300 MSAL treats a token as expired at once, so every silent call refreshes. */
  accessTokenLifetimeSeconds?: number;
  deviceCodeLifetimeSeconds?: number;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

interface PendingCode { oid: string; clientId: string; redirectUri: string; challenge: string; scope: string; nonce?: string; tenant: string }
interface PendingDevice { userCode: string; clientId: string; scope: string; tenant: string; expiresAt: number; approvedBy?: string }
interface RefreshGrant { oid: string; clientId: string; revoked: boolean }

export async function startEntraAuthority(options: EntraAuthorityOptions): Promise<EntraAuthority> {
  const key = createSigningKey();
  const users = new Map(options.users.map((u) => [u.oid, u]));
  const codes = new Map<string, PendingCode>();
  const devices = new Map<string, PendingDevice>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const grants: TokenGrantRecord[] = [];
  let interactiveUser = options.users[0]?.oid ?? '';
  let base = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const oauthError = (res: ServerResponse, error: string, description: string, code = 0) =>
    json(res, 400, { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() });

  const metadata = (tenant: string) => {
    const t = `${base}/${tenant}`;
    return {
      token_endpoint: `${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${isTenantId(tenant) ? tenant : '{tenantid}'}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
      tenant_region_scope: null,
      cloud_instance_name: new URL(base).host,
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  };

  /** The tenant a token is issued in: the path's tenant, or the user's home tenant for organizations/common. */
  const issuingTenant = (user: DirectoryUser, tenant: string): string | undefined =>
    tenant === 'organizations' || tenant === 'common' ? user.homeTenant : user.tenants.includes(tenant) ? tenant : undefined;

  function issue(res: ServerResponse, user: DirectoryUser, clientId: string, scope: string, tenant: string, extra: { nonce?: string; refreshToken?: string } = {}) {
    const tid = issuingTenant(user, tenant);
    if (!tid) return oauthError(res, 'invalid_grant', `User account '${user.username}' does not exist in tenant '${tenant}'.`, 50020);
    const now = Math.floor(Date.now() / 1000);
    const lifetime = options.accessTokenLifetimeSeconds ?? 3600;
    const resourceScopes = scope.split(' ').filter((s) => s !== '' && !OIDC_SCOPES.has(s));
    const audience = (resourceScopes[0] ?? '').replace(/\/[^/]*$/, '');
    const accessToken = signJwt({
      aud: audience, iss: `https://sts.windows.net/${tid}/`, iat: now, nbf: now, exp: now + lifetime,
      tid, oid: user.oid, sub: user.oid, upn: user.username, unique_name: user.username, name: user.name,
      appid: clientId, scp: 'user_impersonation', ver: '1.0', uti: randomBytes(8).toString('base64url'),
    }, key);
    const idToken = signJwt({
      aud: clientId, iss: `${base}/${tid}/v2.0`, iat: now, nbf: now, exp: now + 3600,
      tid, oid: user.oid, sub: user.oid, preferred_username: user.username, name: user.name, ver: '2.0',
      ...(extra.nonce && { nonce: extra.nonce }),
    }, key);
    const refreshToken = extra.refreshToken ?? randomBytes(32).toString('base64url');
    refreshTokens.set(refreshToken, { oid: user.oid, clientId, revoked: false });
    json(res, 200, {
      token_type: 'Bearer',
      scope: [...resourceScopes, ...scope.split(' ').filter((s) => OIDC_SCOPES.has(s))].join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: user.homeTenant })).toString('base64url'),
    });
  }

  function token(res: ServerResponse, tenant: string, form: URLSearchParams) {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const record: TokenGrantRecord = { grantType, tenant, scope };
    grants.push(record);
    if (grantType === 'authorization_code') {
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!pending || pending.clientId !== clientId || pending.redirectUri !== form.get('redirect_uri')) return oauthError(res, 'invalid_grant', 'The provided authorization code is invalid.', 70000);
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (challenge !== pending.challenge) return oauthError(res, 'invalid_grant', 'The code_verifier does not match the code_challenge.', 501481);
      record.oid = pending.oid;
      return issue(res, users.get(pending.oid)!, clientId, scope, pending.tenant, pending.nonce ? { nonce: pending.nonce } : {});
    }
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code' || grantType === 'device_code') {
      const deviceCode = form.get('device_code') ?? '';
      const pending = devices.get(deviceCode);
      if (!pending || pending.clientId !== clientId) return oauthError(res, 'invalid_grant', 'The device code is invalid.', 70000);
      if (Date.now() > pending.expiresAt) return oauthError(res, 'expired_token', 'The device code has expired.', 70020);
      if (!pending.approvedBy) return oauthError(res, 'authorization_pending', 'The user has not yet finished authenticating.', 70016);
      devices.delete(deviceCode);
      record.oid = pending.approvedBy;
      return issue(res, users.get(pending.approvedBy)!, clientId, scope, pending.tenant);
    }
    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      const grant = refreshTokens.get(refreshToken);
      if (!grant || grant.revoked || grant.clientId !== clientId) return oauthError(res, 'invalid_grant', 'The refresh token has been revoked or has expired.', 700082);
      record.oid = grant.oid;
      return issue(res, users.get(grant.oid)!, clientId, scope, tenant);
    }
    return oauthError(res, 'unsupported_grant_type', `Grant type ${grantType} is not supported.`, 70003);
  }

  function authorize(res: ServerResponse, tenant: string, query: URLSearchParams) {
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) return oauthError(res, 'invalid_request', 'PKCE is required.', 9002325);
    const user = users.get(interactiveUser);
    if (!user) return oauthError(res, 'access_denied', 'No user signed in.', 50058);
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      oid: user.oid, clientId: query.get('client_id') ?? '', redirectUri, challenge: query.get('code_challenge') ?? '',
      scope: query.get('scope') ?? '', tenant, ...(query.get('nonce') && { nonce: query.get('nonce')! }),
    });
    const fields = { code, state: query.get('state') ?? '', client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: user.homeTenant })).toString('base64url') };
    const mode = query.get('response_mode');
    if (mode === 'fragment' || mode === 'query') {
      const target = new URL(redirectUri);
      const params = new URLSearchParams(fields).toString();
      if (mode === 'fragment') target.hash = params;
      else target.search = params;
      res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' }).end();
      return;
    }
    const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}"/>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<html><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}<noscript><input type="submit" value="Continue"/></noscript></form></body></html>`);
  }

  function deviceCode(res: ServerResponse, tenant: string, form: URLSearchParams) {
    const code = randomBytes(24).toString('base64url');
    const userCode = randomBytes(5).toString('hex').slice(0, 9).toUpperCase();
    const lifetime = options.deviceCodeLifetimeSeconds ?? 900;
    devices.set(code, { userCode, clientId: form.get('client_id') ?? '', scope: form.get('scope') ?? '', tenant, expiresAt: Date.now() + lifetime * 1000 });
    json(res, 200, {
      user_code: userCode,
      device_code: code,
      verification_uri: `${base}/devicelogin`,
      expires_in: lifetime,
      interval: 1,
      message: `To sign in, use a web browser to open the page ${base}/devicelogin and enter the code ${userCode} to authenticate.`,
    });
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    // A browser app calls discovery and the token endpoint cross-origin (msal-browser's fetch).
    const origin = req.headers.origin;
    if (origin !== undefined) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '', 'access-control-max-age': '600' }).end();
      return;
    }
    const [tenant = '', ...rest] = url.pathname.split('/').filter((s) => s !== '');
    const route = `${req.method} /${rest.join('/')}`;
    const body = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    switch (route) {
      case 'GET /v2.0/.well-known/openid-configuration':
        return json(res, 200, metadata(tenant));
      case 'GET /discovery/v2.0/keys':
        return json(res, 200, { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'RS256' }] });
      case 'GET /oauth2/v2.0/authorize':
        return authorize(res, tenant, url.searchParams);
      case 'POST /oauth2/v2.0/devicecode':
        return deviceCode(res, tenant, body);
      case 'POST /oauth2/v2.0/token':
        return token(res, tenant, body);
      default:
        return json(res, 404, { error: 'not_found' });
    }
  };

  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('authority did not bind');
  base = `https://127.0.0.1:${address.port}`;

  return {
    url: base,
    key,
    grants,
    signInAs: (oid) => {
      interactiveUser = oid;
    },
    approveDeviceCode: (userCode, oid) => {
      const pending = [...devices.values()].find((d) => d.userCode === userCode);
      if (!pending) throw new Error(`no pending device code ${userCode}`);
      pending.approvedBy = oid;
    },
    revokeRefreshTokens: (oid) => {
      for (const grant of refreshTokens.values()) if (grant.oid === oid) grant.revoked = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isTenantId(tenant: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenant);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
