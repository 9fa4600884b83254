/**
 * OpenSSH's known_hosts, read the way `ssh` reads it (hostfile.c): plain and hashed (`|1|salt|hash`) host
 * fields, `[host]:port` for ports other than 22, comma lists with `*`/`?` wildcards and `!` negation,
 * several keys per host, and the `@revoked` marker. `@cert-authority` lines are skipped honestly: ssh2 does not
 * negotiate host certificates, so a CA line can never vouch for a plain host key here.
 *
 * The verdict compares keys of the presented type only, like OpenSSH, with one deliberate difference: when the
 * host is known only under other key types, the verdict is `changed`, not a prompt. The client already asks for
 * the known types first (`preferredHostKeyAlgorithms`), so a server that offers none of them is either
 * reconfigured or an impostor that lacks the real key — and an impostor must not be able to turn a hard failure
 * into a "trust this new key?" question.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BridgeError } from '@pgconnect/core';
import { keyTypeOf, sshFingerprint } from './fingerprint.js';

export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | undefined;
  /** Either a pattern list or one hashed name. */
  hosts: { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export interface KnownHosts {
  entries: KnownHostEntry[];
  /** Lines that could not be parsed (OpenSSH skips them too); reported in the log, never fatal. */
  malformed: { file: string; line: number }[];
}

export type HostKeyVerdict =
  | { kind: 'match'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry }
  /**
   * `expected`: the fingerprints known_hosts holds for this host under the presented key type — or, when it holds
   * only other types, those. `known`: every fingerprint it holds for the host.
   */
  | { kind: 'changed'; expected: string[]; known: string[] }
  | { kind: 'unknown'; certAuthorityLines: number };

/** The name a host is filed under: `host` on port 22, `[host]:port` otherwise, lower case. */
export function knownHostsName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const malformed: { file: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const entry = parseLine(line, file, index + 1);
    if (entry) entries.push(entry);
    else malformed.push({ file, line: index + 1 });
  });
  return { entries, malformed };
}

function parseLine(line: string, file: string, lineNumber: number): KnownHostEntry | undefined {
  const fields = line.split(/\s+/);
  let marker: KnownHostEntry['marker'];
  if (fields[0]?.startsWith('@')) {
    const name = fields.shift();
    if (name === '@revoked') marker = 'revoked';
    else if (name === '@cert-authority') marker = 'cert-authority';
    else return undefined;
  }
  const [hostField, keyType, base64] = fields;
  if (!hostField || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const key = Buffer.from(base64, 'base64');
  // A line whose blob names another type than its type field is corrupt; trusting either half would be a guess.
  if (keyTypeOf(key) !== keyType) return undefined;
  const hosts = parseHosts(hostField);
  if (!hosts) return undefined;
  return { marker, hosts, keyType, key, file, line: lineNumber };
}

function parseHosts(field: string): KnownHostEntry['hosts'] | undefined {
  if (!field.startsWith('|')) return { kind: 'patterns', patterns: field.toLowerCase().split(',').filter((p) => p !== '') };
  const parts = field.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1' || !parts[2] || !parts[3]) return undefined;
  const salt = Buffer.from(parts[2], 'base64');
  const hash = Buffer.from(parts[3], 'base64');
  // HMAC-SHA1: a 20-byte key (salt) and a 20-byte digest; anything else is not an OpenSSH hashed name.
  if (salt.length !== 20 || hash.length !== 20) return undefined;
  return { kind: 'hashed', salt, hash };
}

/** Whether an entry's host field covers `name` (already in `knownHostsName` form). */
export function entryCovers(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.kind === 'hashed') {
    return createHmac('sha1', entry.hosts.salt).update(name).digest().equals(entry.hosts.hash);
  }
  // match_hostname(): a matching negated pattern vetoes the whole line, whatever else matches.
  let matched = false;
  for (const pattern of entry.hosts.patterns) {
    if (pattern.startsWith('!')) {
      if (wildcardMatch(pattern.slice(1), name)) return false;
    } else if (wildcardMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** OpenSSH's match_pattern: `*` any run of characters, `?` exactly one, everything else literal. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The verdict for `presented` (a public key blob) at `host:port`. */
export function lookupHostKey(knownHosts: KnownHosts, host: string, port: number, presented: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const applicable = knownHosts.entries.filter((entry) => entryCovers(entry, name));
  const revoked = applicable.find((entry) => entry.marker === 'revoked' && entry.key.equals(presented));
  if (revoked) return { kind: 'revoked', entry: revoked };

  const plain = applicable.filter((entry) => entry.marker === undefined);
  const match = plain.find((entry) => entry.key.equals(presented));
  if (match) return { kind: 'match', entry: match };

  if (plain.length > 0) {
    const type = keyTypeOf(presented);
    const fingerprints = (entries: KnownHostEntry[]) => [...new Set(entries.map((e) => sshFingerprint(e.key)))];
    const sameType = fingerprints(plain.filter((e) => e.keyType === type));
    const known = fingerprints(plain);
    return { kind: 'changed', expected: sameType.length > 0 ? sameType : known, known };
  }
  return { kind: 'unknown', certAuthorityLines: applicable.filter((e) => e.marker === 'cert-authority').length };
}

/** The key types known_hosts holds for `host:port`, so the client can ask the server for one of those first. */
export function knownKeyTypes(knownHosts: KnownHosts, host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  const types = knownHosts.entries.filter((e) => e.marker === undefined && entryCovers(e, name)).map((e) => e.keyType);
  return [...new Set(types)];
}

/**
 * Reads every file in order. A file that does not exist is simply empty (most users have no global one); a file
 * that exists but cannot be read fails closed — without it no key can be checked, and carrying on would mean
 * prompting for keys the user has long trusted, or worse, for one that known_hosts would have refused.
 */
export async function readKnownHosts(paths: readonly string[]): Promise<KnownHosts> {
  const all: KnownHosts = { entries: [], malformed: [] };
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new BridgeError('SSH_KNOWN_HOSTS_UNREADABLE', { data: { path }, cause: error });
    }
    const parsed = parseKnownHosts(text, path);
    all.entries.push(...parsed.entries);
    all.malformed.push(...parsed.malformed);
  }
  return all;
}
