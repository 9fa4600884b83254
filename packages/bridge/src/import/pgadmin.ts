import type { ConnectionProfile } from '@pgconnect/core';
import { GroupNames } from './group-names.js';
import { profileFromLibpqKeywords } from './keywords-to-profile.js';
import { invalid, isRecord, parseSourceJson, portOf, str } from './source-json.js';
import type { ParsedImport } from './types.js';

const COLOR = /^#[0-9A-Fa-f]{3,8}$/;

/**
 * pgAdmin 4's `servers.json` (Tools → Import/Export Servers, or `setup.py dump-servers`): `{"Servers": {"1":
 * {Name, Group, Host | HostAddr | Service, Port, MaintenanceDB, Username, SSLMode or ConnectionParameters,
 * BGColor, Comment, UseSSHTunnel, TunnelHost, TunnelPort, TunnelUsername, TunnelAuthentication, ...}}}`.
 * pgAdmin exports no passwords; `PasswordExecCommand` is not run, only reported.
 */
export function importPgadmin(text: string): ParsedImport {
  const root = parseSourceJson(text, 'pgAdmin servers.json');
  if (!isRecord(root) || !isRecord(root.Servers)) throw invalid('pgAdmin servers.json', 'Servers', 'has no "Servers" object');
  const out: ParsedImport = { profiles: [], groups: [], warnings: [], skipped: [] };
  const groups = new GroupNames();
  for (const [key, server] of Object.entries(root.Servers)) {
    const item = (isRecord(server) && str(server.Name)) || `server ${key}`;
    if (!isRecord(server)) {
      out.skipped.push({ item, reason: 'the entry is not an object' });
      continue;
    }
    const host = str(server.Host) ?? '';
    const hostaddr = str(server.HostAddr);
    const service = str(server.Service);
    if (!host && !hostaddr && !service) {
      out.skipped.push({ item, reason: 'it has none of Host, HostAddr or Service' });
      continue;
    }
    const port = portOf(server.Port);
    if (port === 'invalid') {
      out.skipped.push({ item, reason: `"${str(server.Port)}" is not a port number` });
      continue;
    }
    const params: Record<string, string> = {};
    if (isRecord(server.ConnectionParameters)) {
      for (const [k, v] of Object.entries(server.ConnectionParameters)) if (str(v) !== undefined) params[k] = str(v) as string;
    }
    const sslmode = str(server.SSLMode);
    if (sslmode !== undefined && params.sslmode === undefined) params.sslmode = sslmode;
    const { profile, problems } = profileFromLibpqKeywords(
      { ...params, host, ...(port === undefined ? {} : { port: String(port) }), ...(hostaddr ? { hostaddr } : {}), dbname: str(server.MaintenanceDB) ?? '', user: str(server.Username) ?? str(server.SharedUsername) ?? '' },
      { name: item, groupId: groups.idFor(str(server.Group)) },
    );
    if (problems.length > 0) {
      out.skipped.push({ item, reason: problems.join('; ') });
      continue;
    }
    if (service) profile.service = service;
    const color = str(server.BGColor);
    if (color && COLOR.test(color)) profile.color = color;
    if (server.KerberosAuthentication === true) out.warnings.push({ item, message: 'Kerberos (GSSAPI) authentication is not supported; the connection was imported with password authentication.' });
    if (server.PasswordExecCommand !== undefined) out.warnings.push({ item, message: 'PasswordExecCommand was not imported; pgconnect does not run commands from imported files.' });
    if (server.UseSSHTunnel === 1 || server.UseSSHTunnel === true) addTunnel(profile, server, item, out);
    out.profiles.push(profile);
  }
  out.groups = groups.groups;
  return out;
}

function addTunnel(profile: ConnectionProfile, server: Record<string, unknown>, item: string, out: ParsedImport): void {
  const port = portOf(server.TunnelPort);
  const identity = str(server.TunnelIdentityFile);
  // pgAdmin: TunnelAuthentication 0 = password, 1 = identity file.
  const auth = server.TunnelAuthentication === 1 && identity
    ? { type: 'privateKey' as const, key: { path: identity }, savePassphrase: false }
    : { type: 'password' as const, savePassword: false };
  profile.ssh = {
    enabled: true,
    host: str(server.TunnelHost) ?? '',
    port: typeof port === 'number' ? port : 22,
    user: str(server.TunnelUsername) ?? '',
    auth,
    ...(typeof server.TunnelKeepAlive === 'number' && server.TunnelKeepAlive > 0 ? { keepaliveSeconds: Math.min(server.TunnelKeepAlive, 3_600) } : {}),
  };
  if (identity?.endsWith('.pub')) out.warnings.push({ item, message: `The SSH identity file ${identity} is a public key; choose the private key before connecting.` });
}

