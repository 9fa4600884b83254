import { GroupNames } from './group-names.js';
import { profileFromLibpqKeywords } from './keywords-to-profile.js';
import { invalid, isRecord, parseSourceJson, portOf, str } from './source-json.js';
import type { ParsedImport } from './types.js';

/**
 * DBeaver's `.dbeaver/data-sources.json` (6.1.3+): `{"folders": {name: {parent?, description?}}, "connections":
 * {id: {provider, driver, name, folder?, configuration: {host, port, database, url, user?, auth-model, handlers:
 * {postgre_ssl: {properties: {sslMode}}, ssh_tunnel: {...}}}}}}`. Only PostgreSQL connections are taken. DBeaver
 * keeps credentials in the encrypted `credentials-config.json`, which is not read; a password found in plain
 * text here is dropped with a warning.
 */
export function importDbeaver(text: string): ParsedImport {
  const root = parseSourceJson(text, 'DBeaver data-sources.json');
  if (!isRecord(root) || !isRecord(root.connections)) throw invalid('DBeaver data-sources.json', 'connections', 'has no "connections" object');
  const out: ParsedImport = { profiles: [], groups: [], warnings: [], skipped: [] };
  const groups = new GroupNames();
  const folders = isRecord(root.folders) ? root.folders : {};
  for (const [id, conn] of Object.entries(root.connections)) {
    const item = (isRecord(conn) && str(conn.name)) || id;
    if (!isRecord(conn) || !isRecord(conn.configuration)) {
      out.skipped.push({ item, reason: 'the entry has no "configuration"' });
      continue;
    }
    if (conn.provider !== 'postgresql') {
      out.skipped.push({ item, reason: `it is a ${str(conn.provider) ?? 'non-PostgreSQL'} connection` });
      continue;
    }
    const cfg = conn.configuration;
    const port = portOf(cfg.port);
    if (port === 'invalid') {
      out.skipped.push({ item, reason: `"${str(cfg.port)}" is not a port number` });
      continue;
    }
    if (!str(cfg.host)) {
      out.skipped.push({ item, reason: 'it has no host (URL-only connections are not imported)' });
      continue;
    }
    const handlers = isRecord(cfg.handlers) ? cfg.handlers : {};
    const ssl = isRecord(handlers.postgre_ssl) && handlers.postgre_ssl.enabled !== false && isRecord(handlers.postgre_ssl.properties) ? handlers.postgre_ssl.properties : undefined;
    const keywords: Record<string, string> = { host: str(cfg.host) ?? '', dbname: str(cfg.database) ?? '', user: str(cfg.user) ?? '' };
    if (port !== undefined) keywords.port = String(port);
    const sslmode = str(ssl?.sslMode) ?? str(ssl?.['ssl.mode']);
    if (sslmode) keywords.sslmode = sslmode;
    if (str(ssl?.['ssl.ca.cert'])) keywords.sslrootcert = str(ssl?.['ssl.ca.cert']) as string;
    const folder = str(conn.folder);
    const description = folder && isRecord(folders[folder]) ? str(folders[folder].description) : undefined;
    const { profile, problems } = profileFromLibpqKeywords(keywords, { name: item, groupId: groups.idFor(folder, description ? { description } : {}) });
    if (problems.length > 0) {
      out.skipped.push({ item, reason: problems.join('; ') });
      continue;
    }
    if (conn['read-only'] === true) profile.client.readOnly = true;
    if (cfg.password !== undefined) out.warnings.push({ item, message: 'The password in the file was not imported; enter it in the dialog and choose Save Password.' });
    const tunnel = handlers.ssh_tunnel;
    if (isRecord(tunnel) && tunnel.enabled === true && isRecord(tunnel.properties)) {
      const p = tunnel.properties;
      const sshPort = portOf(p.port);
      profile.ssh = {
        enabled: true,
        host: str(p.host) ?? '',
        port: typeof sshPort === 'number' ? sshPort : 22,
        user: str(p.user) ?? '',
        auth: p.authType === 'PUBLIC_KEY' && str(p.keyPath)
          ? { type: 'privateKey', key: { path: str(p.keyPath) as string }, savePassphrase: false }
          : p.authType === 'AGENT' ? { type: 'agent' } : { type: 'password', savePassword: false },
      };
    }
    out.profiles.push(profile);
  }
  out.groups = groups.groups;
  return out;
}
