/**
 * The RDS IAM authentication token: a SigV4 presigned `GET https://host:port/?Action=connect&DBUser=user` for the
 * `rds-db` service, valid 15 minutes, used as the password. `@aws-sdk/rds-signer` does the signing; this module
 * pins what it is given (the real endpoint, never the address dialled) and reads the expiry back for the page.
 */
import { Signer } from '@aws-sdk/rds-signer';
import type { AwsCredentialProvider } from './credentials.js';

export interface RdsTokenTarget {
  /** The endpoint name as RDS knows it, even when the bytes go through an SSH tunnel or to a `hostaddr`. */
  hostname: string;
  port: number;
  /** The database role (granted rds_iam), not the IAM identity. */
  username: string;
  region: string;
}

export interface RdsToken {
  token: string;
  expiresAt: Date;
}

export async function signRdsToken(target: RdsTokenTarget, credentials: AwsCredentialProvider): Promise<RdsToken> {
  const signer = new Signer({ ...target, credentials });
  const token = await signer.getAuthToken();
  return { token, expiresAt: rdsTokenExpiry(token) };
}

/** `X-Amz-Date` plus `X-Amz-Expires`, read from the token itself so it always matches what was signed. */
export function rdsTokenExpiry(token: string): Date {
  const query = new URLSearchParams(token.slice(token.indexOf('?') + 1));
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const seconds = Number(query.get('X-Amz-Expires'));
  if (!date || !Number.isFinite(seconds)) throw new Error('not an RDS IAM token');
  const [, y, mo, d, h, mi, s] = date.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) + seconds * 1000);
}
