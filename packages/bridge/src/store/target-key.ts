import type { ConnectionProfile } from '@pgconnect/core';

/**
 * What makes two profiles "the same connection" for import merging and the recent list: the servers (host and
 * port, in order), the database and the user. Host names compare case-insensitively, as DNS does; database and
 * user names are case-sensitive in PostgreSQL. The name, group and other settings do not count.
 */
export function targetKey(profile: ConnectionProfile): string {
  const hosts = profile.hosts.map((h) => `${h.host.toLowerCase()}:${h.port ?? 5432}`);
  return JSON.stringify([profile.mode, profile.envVar ?? '', profile.service ?? '', hosts, profile.database ?? '', profile.auth.user ?? '']);
}
