/**
 * known_hosts matching, judged by OpenSSH: for every name, the lines we consider applicable are the lines
 * `ssh-keygen -F name` reports, across plain lists, wildcards, negations, `[host]:port`, hashed entries written
 * by `ssh-keygen -H`, and the `@revoked` / `@cert-authority` markers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, runChecked } from '../../../../test/harness/index.js';
import { generateSshKey, type SshKey } from '../../../../test/harness/ssh-keys.js';
import { keyTypeOf, normalizeFingerprint, sshFingerprint } from './fingerprint.js';
import { entryCovers, knownHostsName, knownKeyTypes, lookupHostKey, parseKnownHosts, type KnownHosts } from './known-hosts.js';

let dir: string;
let a: SshKey;
let b: SshKey;
let rsa: SshKey;
let plainPath: string;
let hashedPath: string;

const blob = (key: SshKey) => Buffer.from(key.publicKey.split(' ')[1] ?? '', 'base64');

beforeAll(async () => {
  dir = await makeTempDir('known-hosts');
  [a, b, rsa] = await Promise.all([generateSshKey(dir, 'a', 'ed25519'), generateSshKey(dir, 'b', 'ed25519'), generateSshKey(dir, 'r', 'rsa')]);
  const lines = [
    `db.example.com,10.0.0.5 ${a.publicKey}`,
    `*.corp.example,!secret.corp.example ${b.publicKey}`,
    `[bastion]:2222 ${a.publicKey} a comment`,
    `db?.example.com ${rsa.publicKey}`,
    `@revoked * ${b.publicKey}`,
    `@cert-authority *.corp.example ${a.publicKey}`,
    '# a comment',
    'a broken line',
    `typo.example ssh-rsa ${a.publicKey.split(' ')[1]}`, // the blob says ed25519: corrupt
  ];
  plainPath = join(dir, 'known_hosts');
  await writeFile(plainPath, `${lines.join('\n')}\n`);
  hashedPath = join(dir, 'hashed');
  await writeFile(hashedPath, `${lines.slice(0, 4).join('\n')}\n`);
  await runChecked('ssh-keygen', ['-H', '-f', hashedPath]); // hashes the plain names; leaves wildcard lines as they are
});

afterAll(async () => {
  if (dir) await removeTempDir(dir);
});

/** Line numbers `ssh-keygen -F` reports for `name`. */
async function opensshLines(name: string, path: string): Promise<number[]> {
  const out = await runChecked('ssh-keygen', ['-F', name, '-f', path]).catch(() => '');
  return [...out.matchAll(/found: line (\d+)/g)].map((m) => Number(m[1])).sort((x, y) => x - y);
}

function ourLines(knownHosts: KnownHosts, name: string): number[] {
  return knownHosts.entries.filter((e) => entryCovers(e, name)).map((e) => e.line).sort((x, y) => x - y);
}

const NAMES = ['db.example.com', '10.0.0.5', 'DB.Example.com', 'x.corp.example', 'secret.corp.example', '[bastion]:2222', 'bastion', 'db1.example.com', 'db12.example.com', 'other'];

describe('known_hosts', () => {
  it.each(NAMES)('finds the lines ssh-keygen -F finds for %s', async (name) => {
    const knownHosts = parseKnownHosts(await readFile(plainPath, 'utf8'), plainPath);
    expect(ourLines(knownHosts, name.toLowerCase())).toEqual(await opensshLines(name, plainPath));
  });

  it.each(NAMES)('finds the hashed lines ssh-keygen -F finds for %s', async (name) => {
    const text = await readFile(hashedPath, 'utf8');
    expect(text).toMatch(/^\|1\|/m);
    const knownHosts = parseKnownHosts(text, hashedPath);
    // ssh lowercases the host name before the lookup; ssh-keygen -F hashes what it is given, so give it that.
    expect(ourLines(knownHosts, name.toLowerCase())).toEqual(await opensshLines(name.toLowerCase(), hashedPath));
  });

  it('files ports other than 22 as [host]:port', () => {
    expect(knownHostsName('Bastion', 22)).toBe('bastion');
    expect(knownHostsName('bastion', 2222)).toBe('[bastion]:2222');
  });

  it('skips malformed and self-contradicting lines instead of guessing', async () => {
    const knownHosts = parseKnownHosts(await readFile(plainPath, 'utf8'), plainPath);
    expect(knownHosts.malformed.map((m) => m.line)).toEqual([8, 9]);
  });

  it('judges a presented key: match, changed (same type), revoked, unknown', async () => {
    const knownHosts = parseKnownHosts(await readFile(plainPath, 'utf8'), plainPath);
    expect(lookupHostKey(knownHosts, 'db.example.com', 22, blob(a))).toMatchObject({ kind: 'match', entry: { line: 1 } });
    expect(lookupHostKey(knownHosts, 'x.corp.example', 22, blob(b))).toMatchObject({ kind: 'revoked', entry: { line: 5 } });
    expect(lookupHostKey(knownHosts, 'x.corp.example', 22, blob(a))).toEqual({ kind: 'changed', expected: [b.fingerprint], known: [b.fingerprint] });
    // Only an RSA key is known for db1: an ed25519 key is still a change, never a first-use question.
    expect(lookupHostKey(knownHosts, 'db1.example.com', 22, blob(a))).toEqual({ kind: 'changed', expected: [rsa.fingerprint], known: [rsa.fingerprint] });
    expect(lookupHostKey(knownHosts, 'nowhere.example', 22, blob(a))).toEqual({ kind: 'unknown', certAuthorityLines: 0 });
    expect(knownKeyTypes(knownHosts, 'db1.example.com', 22)).toEqual(['ssh-rsa']);
  });

  it('computes fingerprints exactly as ssh-keygen -lf prints them', () => {
    for (const key of [a, b, rsa]) expect(sshFingerprint(blob(key))).toBe(key.fingerprint);
    expect(keyTypeOf(blob(rsa))).toBe('ssh-rsa');
    expect(normalizeFingerprint(` ${a.fingerprint}= `)).toBe(a.fingerprint);
    expect(normalizeFingerprint('MD5:aa:bb')).toBeUndefined();
  });
});
