import { createProfile, SSL_MODES, TARGET_SESSION_ATTRS } from '@pgconnect/core';
import type { ConnectionProfile, HostPort, SslMode, TargetSessionAttrs } from '@pgconnect/core';

/**
 * A profile from libpq keywords, for sources that speak libpq (pg_service.conf, pgAdmin's ConnectionParameters).
 * The keywords a profile has a field for are mapped; every other one is kept in `extra`, so nothing is lost, and
 * `password` is never taken. Values that do not fit a field come back as problems for the import report.
 */
export function profileFromLibpqKeywords(
  keywords: Readonly<Record<string, string>>,
  identity: { name: string; groupId?: string | undefined },
): { profile: ConnectionProfile; problems: string[] } {
  const problems: string[] = [];
  const take = new Map(Object.entries(keywords));
  const pop = (k: string): string | undefined => {
    const v = take.get(k);
    take.delete(k);
    return v;
  };
  take.delete('password');

  const hostNames = (pop('host') ?? '').split(',');
  const portList = (pop('port') ?? '').split(',');
  if (portList.length > 1 && portList.length !== hostNames.length) problems.push(`could not match ${portList.length} port numbers to ${hostNames.length} hosts`);
  const hosts: HostPort[] = hostNames.map((host, i) => {
    const raw = (portList.length === 1 ? portList[0] : portList[i]) ?? '';
    if (raw === '') return { host };
    const port = Number(raw.trim());
    if (Number.isInteger(port) && port >= 1 && port <= 65_535) return { host, port };
    problems.push(`invalid port number: "${raw}"`);
    return { host };
  });
  const hostaddr = pop('hostaddr');
  const user = pop('user') ?? '';
  const sslmodeText = pop('sslmode');
  const sslmode = sslmodeText === undefined ? undefined : (SSL_MODES as readonly string[]).includes(sslmodeText) ? (sslmodeText as SslMode) : (problems.push(`invalid sslmode value: "${sslmodeText}"`), undefined);
  const rootCert = pop('sslrootcert');
  const passfile = pop('passfile');
  const timeout = pop('connect_timeout');
  const tsa = pop('target_session_attrs');

  const profile = createProfile({
    name: identity.name,
    ...(identity.groupId ? { groupId: identity.groupId } : {}),
    hosts,
    ...(hostaddr ? { hostaddr: hostaddr.split(',') } : {}),
    auth: passfile ? { type: 'pgpass', user, passfile } : { type: 'password', user, savePassword: false },
    ssl: {
      // libpq's own default is prefer; an import keeps what the source meant rather than pgconnect's stricter default.
      sslmode: sslmode ?? (rootCert === 'system' ? 'verify-full' : 'prefer'),
      ...(rootCert === undefined ? {} : { rootCert: rootCert === 'system' ? ('system' as const) : { path: rootCert } }),
      ...(keywords.sslcert === undefined ? {} : { clientCert: { path: keywords.sslcert } }),
      ...(keywords.sslkey === undefined ? {} : { clientKey: { path: keywords.sslkey } }),
    },
    client: {
      ...(keywords.application_name === undefined ? {} : { applicationName: keywords.application_name }),
      connectTimeoutSeconds: timeout !== undefined && /^\s*\d+\s*$/.test(timeout) ? Number(timeout) : 0,
      ...(keywords.options === undefined ? {} : { options: keywords.options }),
      ...(tsa !== undefined && (TARGET_SESSION_ATTRS as readonly string[]).includes(tsa) ? { targetSessionAttrs: tsa as TargetSessionAttrs } : {}),
    },
  });
  const database = pop('dbname');
  if (database) profile.database = database;
  for (const k of ['sslcert', 'sslkey', 'application_name', 'options']) take.delete(k);
  if (take.size > 0) profile.extra = Object.fromEntries(take);
  return { profile, problems };
}
