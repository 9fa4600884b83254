import { createProfile, SSL_MODES } from '@pgconnect/core';
import type { AuthSettings, SslMode } from '@pgconnect/core';
import { randomUUID } from 'node:crypto';
import type { ServerGroup } from '../store/settings-schema.js';
import { invalid, isRecord, parseSourceJson, portOf, str } from './source-json.js';
import type { ParsedImport } from './types.js';

const COLOR = /^(#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,32})$/;

/**
 * The VS Code PostgreSQL extension's settings: `pgsql.connections` (`{id, groupId, profileName, server, port,
 * database, user, authenticationType, password, savePassword, emptyPasswordInput, sslmode, …}`) and
 * `pgsql.serverGroups` (`{id, name, color, description?, isDefault?}`), read from a settings.json — which is
 * JSONC: comments and trailing commas are allowed. Connections in the extension's default group land in
 * pgconnect's default group.
 */
export function importVscodePgsql(text: string): ParsedImport {
  const root = parseSourceJson(text, 'VS Code settings.json', { jsonc: true });
  if (!isRecord(root)) throw invalid('VS Code settings.json', '', 'does not hold a settings object');
  const connections = root['pgsql.connections'];
  const serverGroups = root['pgsql.serverGroups'];
  if (connections === undefined && serverGroups === undefined) throw invalid('VS Code settings.json', 'pgsql.connections', 'has no "pgsql.connections" or "pgsql.serverGroups" setting');
  const out: ParsedImport = { profiles: [], groups: [], warnings: [], skipped: [] };

  const groupIds = new Map<string, string | undefined>();
  for (const g of Array.isArray(serverGroups) ? serverGroups : []) {
    if (!isRecord(g) || !str(g.id)) continue;
    if (g.isDefault === true) {
      groupIds.set(str(g.id) as string, undefined);
      continue;
    }
    const group: ServerGroup = { id: randomUUID(), name: (str(g.name) ?? 'Group').slice(0, 100) };
    if (str(g.description)) group.description = str(g.description) as string;
    if (str(g.color) && COLOR.test(str(g.color) as string)) group.color = str(g.color) as string;
    groupIds.set(str(g.id) as string, group.id);
    out.groups.push(group);
  }

  for (const [i, c] of (Array.isArray(connections) ? connections : []).entries()) {
    const item = (isRecord(c) && (str(c.profileName) || str(c.server))) || `connection ${i + 1}`;
    if (!isRecord(c)) {
      out.skipped.push({ item, reason: 'the entry is not an object' });
      continue;
    }
    // Early versions of the extension wrote host/dbname instead of server/database.
    const host = str(c.server) ?? str(c.host);
    if (!host) {
      out.skipped.push({ item, reason: 'it has no server' });
      continue;
    }
    const port = portOf(c.port);
    if (port === 'invalid') {
      out.skipped.push({ item, reason: `"${str(c.port)}" is not a port number` });
      continue;
    }
    const user = str(c.user) ?? '';
    const authType = str(c.authenticationType);
    let auth: AuthSettings;
    if (authType === 'AzureMFA' || authType === 'bearer-token:entra-id') {
      auth = { type: 'entra', account: str(c.accountId) ?? '', tenant: str(c.tenantId) ?? '', user };
    } else if (authType === 'AwsIam' || authType === 'awsIam') {
      auth = { type: 'awsIam', user, ...(str(c.awsProfile) ? { profile: str(c.awsProfile) as string } : {}), ...(str(c.awsRegion) ? { region: str(c.awsRegion) as string } : {}) };
    } else {
      auth = { type: 'password', user, savePassword: c.savePassword === true };
    }
    const sslText = str(c.sslmode) ?? str(c.sslMode);
    const sslmode = sslText && (SSL_MODES as readonly string[]).includes(sslText.toLowerCase()) ? (sslText.toLowerCase() as SslMode) : undefined;
    const groupId = str(c.groupId) !== undefined ? groupIds.get(str(c.groupId) as string) : undefined;
    if (str(c.groupId) !== undefined && !groupIds.has(str(c.groupId) as string)) out.warnings.push({ item, message: `Its server group "${str(c.groupId)}" is not defined in pgsql.serverGroups; it goes to the default group.` });
    const profile = createProfile({
      name: str(c.profileName) ?? '',
      hosts: [{ host, ...(port === undefined ? {} : { port }) }],
      auth,
      ...(groupId ? { groupId } : {}),
      ...(sslmode ? { ssl: { sslmode } } : {}),
    });
    const database = str(c.database) ?? str(c.dbname);
    if (database) profile.database = database;
    if (typeof str(c.password) === 'string' && str(c.password) !== '') out.warnings.push({ item, message: 'The password in settings.json was not imported; enter it in the dialog and choose Save Password.' });
    out.profiles.push(profile);
  }
  return out;
}
