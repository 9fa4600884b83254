/**
 * A stand-in for the IAM Identity Center (SSO) portal API's GetRoleCredentials, the one call the SDK's SSO
 * credential provider makes: `GET /federation/credentials?role_name=…&account_id=…` with the cached access
 * token in `x-amz-sso_bearer_token`, answered with `{"roleCredentials": {accessKeyId, secretAccessKey,
 * sessionToken, expiration}}` (expiration in epoch milliseconds), or 401 `UnauthorizedException` for a token
 * the portal does not know. Point the SDK at it with `AWS_ENDPOINT_URL_SSO`.
 */
import { createServer, type Server } from 'node:http';
import type { KnownCredentials } from './sigv4.js';

export interface SsoGrant {
  accessToken: string;
  accountId: string;
  roleName: string;
  credentials: Required<KnownCredentials>;
  /** Default: one hour from the request. */
  expiration?: Date;
}

export interface SsoPortal {
  url: string;
  /** Every GetRoleCredentials call, for asserting how often the SDK asked. */
  calls: { accountId: string | null; roleName: string | null; known: boolean }[];
  close(): Promise<void>;
}

export async function startSsoPortal(grants: readonly SsoGrant[]): Promise<SsoPortal> {
  const calls: SsoPortal['calls'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/federation/credentials') {
      send(404, { message: 'not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      return;
    }
    const token = req.headers['x-amz-sso_bearer_token'];
    const accountId = url.searchParams.get('account_id');
    const roleName = url.searchParams.get('role_name');
    const grant = grants.find((g) => g.accessToken === token && g.accountId === accountId && g.roleName === roleName);
    calls.push({ accountId, roleName, known: grant !== undefined });
    if (!grant) {
      send(401, { message: 'Session token not found or invalid' }, { 'x-amzn-errortype': 'UnauthorizedException' });
      return;
    }
    const { accessKeyId, secretAccessKey, sessionToken } = grant.credentials;
    const expiration = (grant.expiration ?? new Date(Date.now() + 3_600_000)).getTime();
    send(200, { roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('SSO portal did not bind');
  return {
    url: `http://127.0.0.1:${address.port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
