/**
 * An RDS IAM token checker written from the SigV4 specification ("Authenticating Requests: Using Query
 * Parameters", AWS General Reference), independent of the SDK: it rebuilds the canonical request from the
 * token's own query, recomputes the signature with node:crypto from the known secret key, and checks the
 * scope, the 15-minute lifetime and the endpoint. This is what the stand-in "RDS" uses to accept or refuse.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface KnownCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TokenExpectation {
  /** `host:port` the token must be for. */
  endpoint: string;
  user: string;
  region: string;
  /** Credentials the "AWS account" knows, by access key id. */
  credentials: readonly KnownCredentials[];
  now?: Date;
}

export type TokenVerdict =
  | { ok: true; accessKeyId: string; signedAt: Date; expiresAt: Date; query: URLSearchParams }
  | { ok: false; reason: string };

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 unreserved characters stay; everything else is %XX, uppercase (SigV4 "UriEncode"). */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

export function verifyRdsToken(token: string, expect: TokenExpectation): TokenVerdict {
  const fail = (reason: string): TokenVerdict => ({ ok: false, reason });
  const split = token.indexOf('/?');
  if (split <= 0) return fail('not host:port/?query');
  const endpoint = token.slice(0, split);
  const query = new URLSearchParams(token.slice(split + 2));
  if (endpoint !== expect.endpoint) return fail(`signed for ${endpoint}, not ${expect.endpoint}`);
  if (query.get('Action') !== 'connect') return fail('Action is not connect');
  if (query.get('DBUser') !== expect.user) return fail(`DBUser is ${query.get('DBUser')}, not ${expect.user}`);
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return fail('not AWS4-HMAC-SHA256');
  if (query.get('X-Amz-SignedHeaders') !== 'host') return fail('signed headers are not exactly "host"');
  if (query.get('X-Amz-Expires') !== '900') return fail('X-Amz-Expires is not 900');

  const [accessKeyId, date, region, service, terminator, ...rest] = (query.get('X-Amz-Credential') ?? '').split('/');
  if (rest.length > 0 || terminator !== 'aws4_request') return fail('malformed credential scope');
  if (service !== 'rds-db') return fail(`service is ${service}, not rds-db`);
  if (region !== expect.region) return fail(`region is ${region}, not ${expect.region}`);
  const known = expect.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!known) return fail('unknown access key');
  if ((query.get('X-Amz-Security-Token') ?? undefined) !== known.sessionToken) return fail('session token does not match');

  const amzDate = query.get('X-Amz-Date') ?? '';
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!stamp || amzDate.slice(0, 8) !== date) return fail('X-Amz-Date does not match the scope date');
  const signedAt = new Date(`${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`);
  const expiresAt = new Date(signedAt.getTime() + 900_000);
  const now = expect.now ?? new Date();
  if (now.getTime() >= expiresAt.getTime()) return fail('token expired');
  if (signedAt.getTime() - now.getTime() > 5 * 60_000) return fail('token is from the future');

  const canonicalQuery = [...query]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${endpoint}`, '', 'host', EMPTY_SHA256].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const expected = hmac(signingKey(known.secretAccessKey, date, region, service), stringToSign);
  const given = Buffer.from(query.get('X-Amz-Signature') ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('signature does not match');
  return { ok: true, accessKeyId: known.accessKeyId, signedAt, expiresAt, query };
}
