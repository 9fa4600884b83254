/**
 * Importing a host from OpenSSH's client configuration (`~/.ssh/config`) into a profile's SSH settings, read
 * the way `ssh` reads it (readconf.c): keywords case-insensitive, `Keyword value` or `Keyword=value`, quoted
 * arguments; `Host` patterns with `*`, `?` and `!`; the first value obtained for a keyword wins, except
 * IdentityFile, which accumulates; `Include` (globs, `~`, paths relative to ~/.ssh) is read in place, and only
 * counts when the block around it applies. `Match all`, `Match host` and `Match originalhost` are honoured; other
 * Match criteria cannot be evaluated here, so their blocks are skipped with a warning rather than guessed.
 *
 * What is imported: HostName, User, Port, IdentityFile (the first; `~` and `%d %u %h %r %p %%` expanded),
 * IdentityAgent, ProxyJump (each hop resolved through the same file, and the first hop's own ProxyJump before
 * it, as `ssh -J` does) and ServerAliveInterval. Anything that changes how the connection is made but has no
 * profile field (ProxyCommand, UserKnownHostsFile, HostKeyAlias…) is named in `warnings`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { SshAuth, SshJumpHost, SshSettings } from '@pgconnect/core';
import { wildcardMatch } from './known-hosts.js';
import { expandTilde } from './ssh-auth.js';

export interface SshConfigOptions {
  /** Default `~/.ssh/config`. */
  configPath?: string;
  /** Default: the bridge user's home. */
  homeDir?: string;
  /** The local user name (`User` when the config sets none, and `%u`). Default: the bridge user. */
  localUser?: string;
}

/** What `ssh -G <alias>` would print for the keywords we import, before any token expansion. */
export interface ResolvedSshHost {
  alias: string;
  hostname: string;
  user: string;
  port: number;
  identityFiles: string[];
  identityAgent?: string;
  proxyJump?: string;
  serverAliveInterval?: number;
  warnings: string[];
}

export interface SshConfigImport {
  ssh: SshSettings;
  warnings: string[];
}

const MAX_INCLUDE_DEPTH = 16; // OpenSSH's READCONF_MAX_DEPTH
const MAX_HOPS = 8; // the protocol's limit on hops in a chain
const NOTED_KEYWORDS = new Map([
  ['proxycommand', 'ProxyCommand is not supported; use ProxyJump.'],
  ['userknownhostsfile', 'UserKnownHostsFile is not imported; the bridge checks its own known_hosts setting.'],
  ['hostkeyalias', 'HostKeyAlias is not imported; known_hosts is looked up by the host name.'],
  ['stricthostkeychecking', 'StrictHostKeyChecking is not imported; the bridge always checks host keys.'],
  ['localforward', 'LocalForward is ignored; the tunnel forwards only the database connection.'],
  ['forwardagent', 'ForwardAgent is ignored; agent forwarding is always off.'],
]);

/** Resolves `alias` against the config file, as `ssh -G` does for the keywords we use. */
export async function resolveSshConfig(alias: string, options: SshConfigOptions = {}): Promise<ResolvedSshHost> {
  const home = options.homeDir ?? homedir();
  const path = options.configPath ?? join(home, '.ssh', 'config');
  const values = new Map<string, string[]>();
  const identityFiles: string[] = [];
  const warnings: string[] = [];
  const reader: Reader = {
    alias: alias.toLowerCase(),
    home,
    warnings,
    hostname: () => (values.get('hostname')?.[0] ?? alias).toLowerCase(),
    set: (keyword, args) => {
      if (keyword === 'identityfile') identityFiles.push(...args.slice(0, 1));
      else if (!values.has(keyword)) values.set(keyword, args);
    },
  };
  await readConfigFile(path, reader, { active: true }, 0, true);

  const first = (keyword: string) => values.get(keyword)?.[0];
  const hostname = expandHostname(first('hostname') ?? alias, alias).toLowerCase();
  const port = first('port') === undefined ? 22 : Number(first('port'));
  if (!Number.isInteger(port) || port < 1 || port > 65_535) warnings.push(`Port ${first('port')} is not a valid port; using 22.`);
  for (const [keyword, note] of NOTED_KEYWORDS) if (values.has(keyword) && !(keyword === 'forwardagent' && first(keyword) === 'no')) warnings.push(note);
  const aliveInterval = first('serveraliveinterval');
  const resolved: ResolvedSshHost = {
    alias,
    hostname,
    user: first('user') ?? options.localUser ?? userInfo().username,
    port: Number.isInteger(port) && port >= 1 && port <= 65_535 ? port : 22,
    identityFiles,
    warnings,
  };
  if (first('identityagent') !== undefined) resolved.identityAgent = first('identityagent');
  if (first('proxyjump') !== undefined) resolved.proxyJump = first('proxyjump');
  if (aliveInterval !== undefined && /^\d+$/.test(aliveInterval)) resolved.serverAliveInterval = Number(aliveInterval);
  return resolved;
}

/** The profile's SSH settings for `alias`: the SSH host and, from ProxyJump, its jump hosts in order. */
export async function importSshConfigHost(alias: string, options: SshConfigOptions = {}): Promise<SshConfigImport> {
  const home = options.homeDir ?? homedir();
  const localUser = options.localUser ?? userInfo().username;
  const target = await resolveSshConfig(alias, { ...options, homeDir: home, localUser });
  const warnings = [...target.warnings];
  const jumpHosts = await resolveJumps(target, { ...options, homeDir: home, localUser }, warnings, new Set([alias.toLowerCase()]));
  const ssh: SshSettings = {
    enabled: true,
    host: target.hostname,
    port: target.port,
    user: target.user,
    auth: authOf(target, home, localUser, warnings),
  };
  if (jumpHosts.length > 0) ssh.jumpHosts = jumpHosts;
  if (target.serverAliveInterval !== undefined) ssh.keepaliveSeconds = target.serverAliveInterval;
  return { ssh, warnings };
}

/** The Host aliases a user can pick from: every literal name on a Host line (no wildcards, no negations). */
export async function listSshConfigHosts(options: SshConfigOptions = {}): Promise<string[]> {
  const home = options.homeDir ?? homedir();
  const names = new Set<string>();
  const collect = async (path: string, depth: number, user: boolean): Promise<void> => {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined || depth > MAX_INCLUDE_DEPTH) return;
    for (const { keyword, args } of configLines(text)) {
      if (keyword === 'host') for (const name of args) if (!/[*?!]/.test(name)) names.add(name);
      if (keyword === 'include') for (const pattern of args) for (const file of await globInclude(pattern, home, user)) await collect(file, depth + 1, user);
    }
  };
  await collect(options.configPath ?? join(home, '.ssh', 'config'), 0, true);
  return [...names];
}

interface Reader {
  alias: string;
  home: string;
  warnings: string[];
  /** The host name as resolved so far, for `Match host`. */
  hostname: () => string;
  set: (keyword: string, args: string[]) => void;
}

async function readConfigFile(path: string, reader: Reader, state: { active: boolean }, depth: number, required: boolean): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (required || (error as NodeJS.ErrnoException).code !== 'ENOENT') reader.warnings.push(`${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    return;
  }
  for (const { keyword, args, line } of configLines(text)) {
    if (keyword === 'host') {
      state.active = hostMatches(args, reader.alias);
    } else if (keyword === 'match') {
      state.active = matchBlock(args, reader, `${path}:${line}`);
    } else if (keyword === 'include') {
      if (!state.active) continue; // OpenSSH reads it with "never match": it cannot contribute anything
      if (depth >= MAX_INCLUDE_DEPTH) {
        reader.warnings.push(`${path}:${line}: Include nested too deeply; ignored.`);
        continue;
      }
      for (const pattern of args) {
        for (const file of await globInclude(pattern, reader.home, true)) {
          // Host lines inside the included file switch blocks there; the including block resumes afterwards.
          await readConfigFile(file, reader, { ...state }, depth + 1, false);
        }
      }
    } else if (state.active && args.length > 0) {
      reader.set(keyword, args);
    }
  }
}

/** Host patterns: a matching `!pattern` excludes the host whatever else matches (match_pattern_list). */
function hostMatches(patterns: readonly string[], alias: string): boolean {
  let matched = false;
  for (const raw of patterns) {
    const pattern = raw.toLowerCase();
    if (pattern.startsWith('!')) {
      if (wildcardMatch(pattern.slice(1), alias)) return false;
    } else if (wildcardMatch(pattern, alias)) {
      matched = true;
    }
  }
  return matched;
}

function matchBlock(args: readonly string[], reader: Reader, where: string): boolean {
  if (args.length === 1 && args[0]?.toLowerCase() === 'all') return true;
  let result = true;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]?.toLowerCase() ?? '';
    const negate = raw.startsWith('!');
    const criterion = negate ? raw.slice(1) : raw;
    if (criterion !== 'host' && criterion !== 'originalhost') {
      reader.warnings.push(`${where}: Match ${criterion} cannot be evaluated by pgconnect; that block was skipped.`);
      return false;
    }
    const list = (args[++i] ?? '').split(',');
    const subject = criterion === 'host' ? reader.hostname() : reader.alias;
    const hit = hostMatches(list, subject);
    if (hit === negate) result = false;
  }
  return result;
}

/** `Keyword value…` / `Keyword=value`, `#` comments, double-quoted arguments (readconf.c's argv_split). */
function* configLines(text: string): Generator<{ keyword: string; args: string[]; line: number }> {
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(line);
    if (!match?.[1]) continue;
    yield { keyword: match[1].toLowerCase(), args: splitArgs(match[2] ?? ''), line: index + 1 };
  }
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const arg = m[1] ?? m[2] ?? '';
    if (m[2]?.startsWith('#')) break; // a trailing comment
    args.push(arg);
  }
  return args;
}

/** Include paths: `~` expanded, relative ones under ~/.ssh, `*`/`?` globbed in any component, sorted as glob(3) does. */
async function globInclude(pattern: string, home: string, userConfig: boolean): Promise<string[]> {
  const expanded = expandTilde(pattern, home);
  const absolute = isAbsolute(expanded) ? expanded : join(userConfig ? join(home, '.ssh') : '/etc/ssh', expanded);
  if (!/[*?]/.test(absolute)) return [absolute];
  const parents = await globInclude(dirname(absolute), home, userConfig);
  const name = basename(absolute);
  const found: string[] = [];
  for (const parent of parents) {
    const entries = await readdir(parent).catch(() => [] as string[]);
    for (const entry of entries) if (!entry.startsWith('.') && wildcardMatch(name, entry)) found.push(join(parent, entry));
  }
  return found.sort();
}

function expandHostname(hostname: string, alias: string): string {
  return hostname.replace(/%(.)/g, (whole, token: string) => (token === 'h' ? alias : token === '%' ? '%' : whole));
}

/** IdentityFile/IdentityAgent tokens, as ssh expands them for those keywords. */
function expandTokens(value: string, host: ResolvedSshHost, home: string, localUser: string): string {
  const tokens: Record<string, string> = { d: home, u: localUser, h: host.hostname, r: host.user, p: String(host.port), n: host.alias, '%': '%' };
  return expandTilde(value, home).replace(/%(.)/g, (whole, token: string) => tokens[token] ?? whole);
}

function authOf(host: ResolvedSshHost, home: string, localUser: string, warnings: string[]): SshAuth {
  const [identity, ...others] = host.identityFiles.filter((f) => f.toLowerCase() !== 'none');
  if (identity !== undefined) {
    if (others.length > 0) warnings.push(`${host.alias}: only the first IdentityFile is used (${identity}); ${others.length} more ignored.`);
    return { type: 'privateKey', key: { path: expandTokens(identity, host, home, localUser) }, savePassphrase: false };
  }
  // Without IdentityFile, ssh offers the agent's keys first; that is what the profile can express.
  const agent = host.identityAgent;
  if (agent === undefined || agent === 'SSH_AUTH_SOCK') return { type: 'agent' };
  if (agent.toLowerCase() === 'none') {
    warnings.push(`${host.alias}: no IdentityFile and IdentityAgent none; choose a key or a password in the profile.`);
    return { type: 'agent' };
  }
  return { type: 'agent', socket: expandTokens(agent.replace(/^\$\{?SSH_AUTH_SOCK\}?$/, 'SSH_AUTH_SOCK'), host, home, localUser) };
}

interface JumpSpec {
  host: string;
  user?: string;
  port?: number;
}

/** `[user@]host[:port]` or `ssh://[user@]host[:port]`, comma-separated; `none` means no jump. */
function parseProxyJump(value: string): JumpSpec[] {
  if (value.toLowerCase() === 'none') return [];
  return value.split(',').map((raw) => {
    const text = raw.trim().replace(/^ssh:\/\//, '');
    const at = text.lastIndexOf('@');
    const user = at >= 0 ? text.slice(0, at) : undefined;
    const rest = at >= 0 ? text.slice(at + 1) : text;
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
    const plain = /^([^:]+)(?::(\d+))?$/.exec(rest);
    const host = bracket?.[1] ?? plain?.[1] ?? rest;
    const port = bracket?.[2] ?? plain?.[2];
    return { host, ...(user && { user }), ...(port && { port: Number(port) }) };
  });
}

async function resolveJumps(target: ResolvedSshHost, options: Required<Pick<SshConfigOptions, 'homeDir' | 'localUser'>> & SshConfigOptions, warnings: string[], seen: Set<string>): Promise<SshJumpHost[]> {
  if (target.proxyJump === undefined) return [];
  const specs = parseProxyJump(target.proxyJump);
  const hops: SshJumpHost[] = [];
  for (const [i, spec] of specs.entries()) {
    const key = spec.host.toLowerCase();
    if (seen.has(key)) {
      warnings.push(`ProxyJump loops back to ${spec.host}; the chain stops there.`);
      break;
    }
    const resolved = await resolveSshConfig(spec.host, options);
    warnings.push(...resolved.warnings);
    // As with `ssh -J a,b`: the first hop's own ProxyJump comes before it; later hops are reached through the list.
    if (i === 0) hops.push(...(await resolveJumps(resolved, options, warnings, new Set([...seen, key]))));
    hops.push({
      host: resolved.hostname,
      port: spec.port ?? resolved.port,
      user: spec.user ?? resolved.user,
      auth: authOf({ ...resolved, ...(spec.user && { user: spec.user }) }, options.homeDir, options.localUser, warnings),
    });
    seen.add(key);
  }
  if (hops.length > MAX_HOPS) {
    warnings.push(`The ProxyJump chain has ${hops.length} hops; only the first ${MAX_HOPS} are kept.`);
    return hops.slice(0, MAX_HOPS);
  }
  return hops;
}
