import { createHash } from 'node:crypto';
import type { ConnectionProfile, PemSource, SshJumpHost } from '@pgconnect/core';

/** The most jump hosts a profile can have (core's `SshSettingsSchema`), and so the most hops with secrets. */
export const MAX_JUMP_HOSTS = 8;

/** A jump host's password or key passphrase, by its index in `ssh.jumpHosts` (as `Secrets.jumpHosts` is). */
export type JumpHostSecretKind = `jumpHosts.${number}.${'password' | 'passphrase'}`;

/** The secrets a profile can have saved. */
export type SecretKind = 'password' | 'sslpassword' | 'sshPassword' | 'sshPassphrase' | JumpHostSecretKind;

export const jumpHostSecretKind = (hop: number, secret: 'password' | 'passphrase'): JumpHostSecretKind => `jumpHosts.${hop}.${secret}`;

/** Every jump-host kind a profile may have, hop by hop. */
export const JUMP_HOST_SECRET_KINDS: readonly JumpHostSecretKind[] = Array.from({ length: MAX_JUMP_HOSTS }, (_, hop) => [
  jumpHostSecretKind(hop, 'password'),
  jumpHostSecretKind(hop, 'passphrase'),
]).flat();

export const SECRET_KINDS: readonly SecretKind[] = ['password', 'sslpassword', 'sshPassword', 'sshPassphrase', ...JUMP_HOST_SECRET_KINDS];

/**
 * What a saved secret is bound to. A password is saved for one target — servers, database, user, the
 * authentication type and the sslmode — and is used only while the profile still points there: if the page
 * loads "prod", changes the host to evil.example and clicks Connect, the binding no longer matches and the saved
 * password is not sent (threat T13). An SSL key passphrase is bound to the key as well; SSH secrets to the SSH
 * server, user and key; a jump host's secrets to that hop's host, port, user, auth type (and key).
 */
export function secretBinding(profile: ConnectionProfile, kind: SecretKind): string {
  return createHash('sha256').update(JSON.stringify([kind, boundTo(profile, kind)])).digest('base64url');
}

function boundTo(profile: ConnectionProfile, kind: SecretKind): unknown {
  const ssh = profile.ssh;
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
  switch (kind) {
    case 'password':
      return target;
    case 'sslpassword':
      return { ...target, key: pemIdentity(profile.ssl.clientKey) };
    case 'sshPassword':
      return { sshTarget: ssh && hopTarget(ssh) };
    case 'sshPassphrase':
      return { sshTarget: ssh && hopTarget(ssh), key: keyOf(ssh) };
    default: {
      const [, index, secret] = kind.split('.');
      const hop = ssh?.jumpHosts?.[Number(index)];
      return secret === 'password' ? { jumpHost: hop && hopTarget(hop) } : { jumpHost: hop && hopTarget(hop), key: keyOf(hop) };
    }
  }
}

function hopTarget(hop: SshJumpHost): unknown {
  return { host: hop.host.toLowerCase(), port: hop.port, user: hop.user, auth: hop.auth.type };
}

function keyOf(hop: SshJumpHost | undefined): string | undefined {
  return hop?.auth.type === 'privateKey' ? pemIdentity(hop.auth.key) : undefined;
}

/** A key file is identified by its path, pasted PEM text by its hash (the text itself is not a secret's place). */
function pemIdentity(source: PemSource | undefined): string {
  if (!source) return '';
  if ('path' in source) return `path:${source.path}`;
  return `pem:${createHash('sha256').update(source.pem).digest('base64url')}`;
}
