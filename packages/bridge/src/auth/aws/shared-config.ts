/**
 * The AWS shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`), read the way the AWS SDK
 * for JavaScript reads them (smithy `parseIni` and `parseKnownFiles`): `#`/`;` start a comment at the start of a
 * line or after whitespace, `key =` with an empty value opens an indented sub-section, config sections are
 * `[default]`, `[profile name]`, `[sso-session name]` and `[services name]`, credentials sections are `[name]`,
 * and a key in the credentials file wins over the same key in the config file. Paths follow AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, as the SDK does.
 *
 * The bridge reads the files itself only to list profiles and to refuse the ones it must not use; credentials are
 * always resolved by the SDK.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type IniSection = Record<string, string>;

export interface SharedConfigPaths {
  configFile: string;
  credentialsFile: string;
}

export interface SharedConfig {
  /** Profiles by name, config and credentials merged. */
  profiles: Map<string, IniSection>;
  /** `[sso-session name]` sections of the config file. */
  ssoSessions: Map<string, IniSection>;
}

/** The SDK's own home lookup (`getHomeDir`): HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH, then the OS. */
export function awsHomeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}`;
  return homedir();
}

export function sharedConfigPaths(env: NodeJS.ProcessEnv = process.env): SharedConfigPaths {
  const home = awsHomeDir(env);
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
  };
}

export async function readSharedConfig(paths: SharedConfigPaths): Promise<SharedConfig> {
  const [config, credentials] = await Promise.all([readIfPresent(paths.configFile), readIfPresent(paths.credentialsFile)]);
  const profiles = new Map<string, IniSection>();
  const ssoSessions = new Map<string, IniSection>();
  for (const [name, section] of parseIni(config)) {
    if (name === 'default' || name === 'profile default') merge(profiles, 'default', section);
    else if (name.startsWith('profile ')) merge(profiles, name.slice('profile '.length).trim(), section);
    else if (name.startsWith('sso-session ')) ssoSessions.set(name.slice('sso-session '.length).trim(), section);
    // `[services …]` and anything else in the config file is not a profile.
  }
  for (const [name, section] of parseIni(credentials)) merge(profiles, name, section);
  return { profiles, ssoSessions };
}

function merge(into: Map<string, IniSection>, name: string, section: IniSection): void {
  if (name === '' || name === '__proto__') return;
  into.set(name, { ...into.get(name), ...section });
}

async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Sections in file order; a repeated section adds to the earlier one, as in the SDK. */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let current: IniSection | undefined;
  let subSection: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = (line.split(/(?:^|\s)[;#]/)[0] ?? '').trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const name = trimmed.slice(1, -1).trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? Object.create(null) as IniSection;
      sections.set(name, current);
      subSection = undefined;
      continue;
    }
    if (!current) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) continue;
    const key = trimmed.slice(0, equals).trim();
    const value = trimmed.slice(equals + 1).trim();
    if (value === '') {
      subSection = key;
      continue;
    }
    if (subSection && line.trimStart() === line) subSection = undefined;
    current[subSection ? `${subSection}.${key}` : key] = value;
  }
  return sections;
}
