import { createHash } from 'node:crypto';
import type { ConnectionProfile, PemSource } from '@pgconnect/core';

/** The secrets a profile can have saved. */
export type SecretKind = 'password' | 'sslpassword' | 'sshPassword' | 'sshPassphrase';
export const SECRET_KINDS: readonly SecretKind[] = ['password', 'sslpassword', 'sshPassword', 'sshPassphrase'];

/**
 * What a saved secret is bound to. A password is saved for one target — servers, database, user, the
 * authentication type and the sslmode — and is used only while the profile still points there: if the page
 * loads "prod", changes the host to evil.example and clicks Connect, the binding no longer matches and the saved
 * password is not sent (threat T13). An SSL key passphrase is bound to the key as well; SSH secrets to the SSH
 * server, user and key.
 */
export function secretBinding(profile: ConnectionProfile, kind: SecretKind): string {
  const target = {
    mode: profile.mode,
    hosts: profile.hosts.map((h) => [h.host.toLowerCase(), h.port ?? 5432]),
    hostaddr: profile.hostaddr ?? [],
    envVar: profile.envVar ?? '',
    service: profile.service ?? '',
    database: profile.database ?? '',
    user: profile.auth.user ?? '',
    auth: profile.auth.type,
    sslmode: profile.ssl.sslmode,
  };
  const ssh = profile.ssh;
  const sshTarget = ssh ? { host: ssh.host.toLowerCase(), port: ssh.port, user: ssh.user, auth: ssh.auth.type } : undefined;
  const parts: Record<SecretKind, unknown> = {
    password: target,
    sslpassword: { ...target, key: pemIdentity(profile.ssl.clientKey) },
    sshPassword: { sshTarget },
    sshPassphrase: { sshTarget, key: ssh?.auth.type === 'privateKey' ? pemIdentity(ssh.auth.key) : undefined },
  };
  return createHash('sha256').update(JSON.stringify([kind, parts[kind]])).digest('base64url');
}

/** A key file is identified by its path, pasted PEM text by its hash (the text itself is not a secret's place). */
function pemIdentity(source: PemSource | undefined): string {
  if (!source) return '';
  if ('path' in source) return `path:${source.path}`;
  return `pem:${createHash('sha256').update(source.pem).digest('base64url')}`;
}
