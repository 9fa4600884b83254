/**
 * `~/.ssh/config` import, judged by OpenSSH itself: for every alias, what we resolve must be what `ssh -G`
 * prints for HostName, User, Port, IdentityFile and ProxyJump from the same file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, runChecked } from '../../../../test/harness/index.js';
import { importSshConfigHost, listSshConfigHosts, resolveSshConfig } from './ssh-config.js';

let home: string;
let configPath: string;

beforeAll(async () => {
  home = await makeTempDir('ssh-config');
  await mkdir(join(home, '.ssh', 'conf.d'), { recursive: true });
  await writeFile(join(home, '.ssh', 'conf.d', '10-team.conf'), ['Host team-*', '  User teammate', '  Port 2022', ''].join('\n'));
  await writeFile(join(home, '.ssh', 'conf.d', '20-more.conf'), ['Host team-db', '  HostName db.team.internal', '  User ignored-second', ''].join('\n'));
  configPath = join(home, '.ssh', 'config');
  await writeFile(
    configPath,
    [
      '# A config in the shapes people write',
      'Host bastion',
      '  HostName bastion.example.com',
      '  User jumper',
      '  Port 2200',
      '  IdentityFile ~/.ssh/bastion_ed25519',
      '',
      'Host inner',
      '  HostName 10.1.2.3',
      '  ProxyJump bastion',
      '  User=ops',
      '',
      'Host db-* !db-legacy',
      '  ProxyJump inner,admin@hop.example.com:2222',
      '  User deploy',
      '  IdentityFile "~/.ssh/deploy key"',
      '  IdentityFile %d/.ssh/id_%r@%h',
      '  ServerAliveInterval 30',
      '',
      'Host legacy?',
      '  HostName %h.old.example.com',
      '  ProxyCommand nc -X connect -x proxy:3128 %h %p',
      '',
      `Include ${join(home, '.ssh', 'conf.d')}/*.conf`,
      '',
      'Host *',
      '  User fallback',
      '  Port 22',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  if (home) await removeTempDir(home);
});

/** `ssh -G`'s answer for the keywords we import. */
async function openssh(alias: string): Promise<Record<string, string[]>> {
  const out = await runChecked('ssh', ['-G', '-F', configPath, alias]);
  const seen: Record<string, string[]> = {};
  for (const line of out.split('\n')) {
    const [keyword, ...rest] = line.split(' ');
    const key = keyword?.toLowerCase() ?? '';
    if (['hostname', 'user', 'port', 'identityfile', 'proxyjump'].includes(key)) (seen[key] ??= []).push(rest.join(' '));
  }
  return seen;
}

describe('ssh config import', () => {
  it.each(['bastion', 'inner', 'db-prod', 'db-legacy', 'legacy1', 'team-db', 'team-web', 'elsewhere'])('resolves %s as ssh -G does', async (alias) => {
    const [ours, theirs] = await Promise.all([resolveSshConfig(alias, { configPath, homeDir: home }), openssh(alias)]);
    expect(ours.hostname).toBe(theirs['hostname']?.[0]);
    expect(ours.user).toBe(theirs['user']?.[0]);
    expect(String(ours.port)).toBe(theirs['port']?.[0]);
    expect(ours.proxyJump).toBe(theirs['proxyjump']?.[0]);
    if (ours.identityFiles.length > 0) {
      // ssh -G prints ~ as the real home (pw_dir), which is not our temp home; compare the rest.
      expect(ours.identityFiles.map((f) => f.replace(/^~/, ''))).toEqual(theirs['identityfile']?.map((f) => f.replace(/^\/[^ ]*?(?=\/\.ssh)|^~/, '')));
    }
  });

  it('imports a host with its ProxyJump chain, each hop resolved through the same file', async () => {
    const { ssh, warnings } = await importSshConfigHost('db-prod', { configPath, homeDir: home, localUser: 'me' });
    expect(ssh).toEqual({
      enabled: true,
      host: 'db-prod',
      port: 22,
      user: 'deploy',
      auth: { type: 'privateKey', key: { path: join(home, '.ssh', 'deploy key') }, savePassphrase: false },
      keepaliveSeconds: 30,
      jumpHosts: [
        // inner's own ProxyJump (bastion) comes first, as `ssh -J inner,…` would reach inner through bastion.
        { host: 'bastion.example.com', port: 2200, user: 'jumper', auth: { type: 'privateKey', key: { path: join(home, '.ssh', 'bastion_ed25519') }, savePassphrase: false } },
        { host: '10.1.2.3', port: 22, user: 'ops', auth: { type: 'agent' } },
        { host: 'hop.example.com', port: 2222, user: 'admin', auth: { type: 'agent' } },
      ],
    });
    expect(warnings).toEqual([expect.stringContaining('only the first IdentityFile is used')]);
  });

  it('expands IdentityFile tokens and names what it cannot import', async () => {
    const legacy = await importSshConfigHost('legacy1', { configPath, homeDir: home, localUser: 'me' });
    expect(legacy.ssh).toMatchObject({ host: 'legacy1.old.example.com', user: 'fallback', auth: { type: 'agent' } });
    expect(legacy.warnings).toContain('ProxyCommand is not supported; use ProxyJump.');
  });

  it('follows Include relative to ~/.ssh with a glob, first value winning across files', async () => {
    const relative = join(home, '.ssh', 'relative-config');
    await writeFile(relative, ['Include conf.d/*.conf', 'Host *', '  User last', ''].join('\n'));
    const team = await resolveSshConfig('team-db', { configPath: relative, homeDir: home });
    expect(team).toMatchObject({ hostname: 'db.team.internal', user: 'teammate', port: 2022 });
  });

  it('lists the literal Host aliases, Included files too', async () => {
    expect(await listSshConfigHosts({ configPath, homeDir: home })).toEqual(['bastion', 'inner', 'team-db']);
  });
});
