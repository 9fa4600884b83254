import type { ConnectionProfile } from '@pgconnect/core';
import type { Stores } from '../store/stores.js';
import type { ServerGroup } from '../store/settings-schema.js';
import { DEFAULT_GROUP_ID } from '../store/settings-schema.js';

export type ExportFormat = 'pgconnect' | 'pgadmin' | 'vscode-pgsql';

/** pgconnect's own export: profiles and groups, versioned, and secret-free by construction (profiles hold none). */
export interface PgconnectExport {
  format: 'pgconnect';
  version: 1;
  exportedAt: string;
  groups: ServerGroup[];
  profiles: ConnectionProfile[];
}

/**
 * `export`: the chosen profiles (all when `profileIds` is absent) and the groups they use, as pgconnect, pgAdmin
 * servers.json or VS Code settings JSON. Whether a secret is saved is not exported either.
 */
export async function exportConnections(stores: Stores, params: { format: ExportFormat; profileIds?: readonly string[] | undefined }): Promise<{ text: string; fileName: string }> {
  const all = await stores.profiles.list();
  const wanted = params.profileIds ? all.filter((p) => params.profileIds?.includes(p.id)) : all;
  const profiles = wanted.map(stripPresence);
  const used = new Set(profiles.map((p) => p.groupId));
  const groups = (await stores.groups.list()).filter((g) => g.id !== DEFAULT_GROUP_ID && used.has(g.id));
  if (params.format === 'pgadmin') return { text: json(toPgadmin(profiles, groups)), fileName: 'servers.json' };
  if (params.format === 'vscode-pgsql') return { text: json(toVscode(profiles, groups)), fileName: 'settings.json' };
  const doc: PgconnectExport = { format: 'pgconnect', version: 1, exportedAt: new Date().toISOString(), groups, profiles };
  return { text: json(doc), fileName: 'pgconnect-connections.json' };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function stripPresence(profile: ConnectionProfile): ConnectionProfile {
  const copy = structuredClone(profile);
  delete copy.ssl.hasSslPassword;
  return copy;
}

function toPgadmin(profiles: ConnectionProfile[], groups: ServerGroup[]): unknown {
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const servers: Record<string, unknown> = {};
  profiles.forEach((p, i) => {
    const first = p.hosts[0];
    servers[String(i + 1)] = {
      Name: p.name || first?.host || `Server ${i + 1}`,
      Group: groupName.get(p.groupId ?? '') ?? 'Servers',
      Host: first?.host ?? '',
      Port: first?.port ?? 5432,
      MaintenanceDB: p.database ?? 'postgres',
      Username: p.auth.user ?? '',
      ...(p.color?.startsWith('#') ? { BGColor: p.color } : {}),
      ConnectionParameters: { sslmode: p.ssl.sslmode, ...(p.client.connectTimeoutSeconds > 0 ? { connect_timeout: p.client.connectTimeoutSeconds } : {}) },
    };
  });
  return { Servers: servers };
}

function toVscode(profiles: ConnectionProfile[], groups: ServerGroup[]): unknown {
  return {
    'pgsql.serverGroups': groups.map((g) => ({ id: g.id, name: g.name, ...(g.color ? { color: g.color } : {}), ...(g.description ? { description: g.description } : {}) })),
    'pgsql.connections': profiles.map((p) => ({
      id: p.id,
      ...(p.groupId && p.groupId !== DEFAULT_GROUP_ID ? { groupId: p.groupId } : {}),
      profileName: p.name,
      server: p.hosts[0]?.host ?? '',
      port: p.hosts[0]?.port ?? 5432,
      database: p.database ?? '',
      user: p.auth.user ?? '',
      authenticationType: p.auth.type === 'entra' ? 'AzureMFA' : 'SqlLogin',
      sslmode: p.ssl.sslmode,
      savePassword: p.auth.type === 'password' && p.auth.savePassword,
      password: '',
    })),
  };
}
