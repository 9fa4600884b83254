import { orderConnInfo } from './keywords.js';
import { appendSearchPath } from './search-path.js';
import type { ConnInfo, FormatParseResult, ParseWarning } from './types.js';

export const JDBC_PREFIX = 'jdbc:postgresql:';

/** pgjdbc's targetServerType (with its old master/slave names) as libpq target_session_attrs. */
const TARGET_SERVER_TYPES: Record<string, string | undefined> = {
  any: 'any',
  primary: 'primary',
  master: 'primary',
  secondary: 'standby',
  slave: 'standby',
  preferSecondary: 'prefer-standby',
  preferSlave: 'prefer-standby',
  preferPrimary: undefined,
};

/** pgjdbc properties that are the libpq keyword of the same meaning, under pgjdbc's name. */
const SAME_MEANING: Record<string, string> = {
  user: 'user',
  password: 'password',
  sslmode: 'sslmode',
  sslcert: 'sslcert',
  sslkey: 'sslkey',
  sslrootcert: 'sslrootcert',
  sslpassword: 'sslpassword',
  ApplicationName: 'application_name',
  options: 'options',
  service: 'service',
  PGHOST: 'host',
  PGPORT: 'port',
  PGDBNAME: 'dbname',
};

const NON_VALIDATING_FACTORY = 'org.postgresql.ssl.NonValidatingFactory';

/**
 * Parses a pgjdbc URL (`jdbc:postgresql:db`, `jdbc:postgresql:/`, `jdbc:postgresql://h1:p1,h2:p2/db?k=v&k`)
 * into the libpq keywords that connect the way pgjdbc would. Where pgjdbc means something else than libpq
 * under the same words, the keywords carry pgjdbc's meaning and a warning says so: `ssl=true` alone is
 * verify-full, a host-less URL is localhost. Parameters with no libpq equivalent are dropped with a warning.
 */
export function parseJdbc(text: string): FormatParseResult {
  const warnings: ParseWarning[] = [];
  const fail = (message: string, position: number, hint?: string): FormatParseResult => ({
    ok: false,
    error: { code: 'PARSE_INVALID_JDBC_URL', message, position, ...(hint ? { hint } : {}) },
    warnings,
  });
  if (!text.startsWith(JDBC_PREFIX)) {
    return fail('a pgjdbc URL starts with "jdbc:postgresql:"', 0, 'Write the URL as jdbc:postgresql://host:port/database.');
  }
  const query = text.indexOf('?');
  const serverEnd = query < 0 ? text.length : query;
  const kw: ConnInfo = {};
  const decode = (start: number, end: number): string | undefined => urlDecode(text.slice(start, end));

  let rest = JDBC_PREFIX.length;
  if (text.startsWith('//', rest)) {
    rest += 2;
    const slash = text.indexOf('/', rest);
    const authorityEnd = slash < 0 || slash > serverEnd ? serverEnd : slash;
    if (slash < 0 || slash > serverEnd) {
      warnings.push({ code: 'JDBC_MISSING_SLASH', message: 'pgjdbc needs a "/" after the host and port; it was assumed', position: serverEnd });
    } else if (slash + 1 < serverEnd) {
      const extraSlash = text.indexOf('/', slash + 1);
      if (extraSlash >= 0 && extraSlash < serverEnd) {
        return fail('the database name contains a "/"; pgjdbc rejects the URL', extraSlash, 'Percent-encode a / in the database name as %2F.');
      }
      const db = decode(slash + 1, serverEnd);
      if (db === undefined) return fail('invalid percent-encoding in the database name', slash + 1);
      kw.dbname = db;
    }
    const hostsResult = parseAddresses(text, rest, authorityEnd, kw, warnings);
    if (hostsResult) return fail(hostsResult.message, hostsResult.position);
  } else {
    // jdbc:postgresql:database and jdbc:postgresql:/ both connect to localhost:5432.
    kw.host = 'localhost';
    const db = text.slice(rest, serverEnd);
    if (db !== '' && db !== '/') {
      const decoded = urlDecode(db);
      if (decoded === undefined) return fail('invalid percent-encoding in the database name', rest);
      kw.dbname = decoded;
    }
  }

  if (query >= 0) {
    const error = applyParameters(text, query + 1, kw, warnings);
    if (error) return fail(error.message, error.position);
  }
  return { ok: true, keywords: orderConnInfo(kw), warnings };
}

/**
 * `h1:p1,h2,[::1]:p3` as host and port lists. pgjdbc takes the port after the last `:` that follows any `]`,
 * does not decode hosts, and connects to localhost when a host is empty.
 */
function parseAddresses(
  text: string,
  start: number,
  end: number,
  kw: ConnInfo,
  warnings: ParseWarning[],
): { message: string; position: number } | undefined {
  const authority = text.slice(start, end);
  const at = authority.lastIndexOf('@');
  let hostsStart = start;
  if (at >= 0) {
    // pgjdbc would take "user:password@host" for a host name; reading it as userinfo is what the user meant.
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = urlDecode(colon < 0 ? userinfo : userinfo.slice(0, colon));
    const password = colon < 0 ? undefined : urlDecode(userinfo.slice(colon + 1));
    if (user === undefined || (colon >= 0 && password === undefined)) return { message: 'invalid percent-encoding in the user name or password', position: start };
    if (user) kw.user = user;
    if (password) kw.password = password;
    warnings.push({
      code: 'JDBC_USERINFO',
      message: 'pgjdbc does not read user:password@ in a URL (it would take it for part of the host name); it was read as the user name and password. Write ?user=…&password=… for pgjdbc.',
      position: start,
    });
    hostsStart = start + at + 1;
  }
  const hosts: string[] = [];
  const ports: string[] = [];
  let offset = hostsStart;
  for (const address of text.slice(hostsStart, end).split(',')) {
    const colon = address.lastIndexOf(':');
    let host = address;
    let port = '';
    if (colon >= 0 && address.lastIndexOf(']') < colon) {
      host = address.slice(0, colon);
      port = address.slice(colon + 1);
      const number = /^\d+$/.test(port) ? Number(port) : NaN;
      if (!(number >= 1 && number <= 65535)) return { message: `invalid port number: "${port}"`, position: offset + colon + 1 };
    }
    if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
    hosts.push(host === '' ? 'localhost' : host);
    ports.push(port);
    offset += address.length + 1;
  }
  kw.host = hosts.join(',');
  if (ports.some((p) => p !== '')) kw.port = ports.join(',');
  return undefined;
}

/** The `?k=v&k` part: pgjdbc properties translated to libpq keywords. */
function applyParameters(
  text: string,
  start: number,
  kw: ConnInfo,
  warnings: ParseWarning[],
): { message: string; position: number } | undefined {
  const props = new Map<string, { value: string; position: number }>();
  let offset = start;
  for (const token of text.slice(start).split('&')) {
    const position = offset;
    offset += token.length + 1;
    if (token === '') continue;
    const eq = token.indexOf('=');
    // A property without a value is pgjdbc's way of saying true.
    if (eq < 0) {
      props.set(token, { value: 'true', position });
      continue;
    }
    const value = urlDecode(token.slice(eq + 1));
    if (value === undefined) return { message: `invalid percent-encoding in the value of "${token.slice(0, eq)}"`, position: position + eq + 1 };
    props.set(token.slice(0, eq), { value, position });
  }
  const take = (name: string) => {
    const prop = props.get(name);
    props.delete(name);
    return prop;
  };
  const drop = (name: string, position: number, why: string) =>
    warnings.push({ code: 'PARAMETER_DROPPED', keyword: name, position, message: `"${name}" was dropped: ${why}` });

  for (const [name, keyword] of Object.entries(SAME_MEANING)) {
    const prop = take(name);
    if (prop) kw[keyword] = prop.value;
  }

  const ssl = take('ssl');
  const factory = take('sslfactory');
  const nonValidating = factory?.value === NON_VALIDATING_FACTORY;
  if (factory && !nonValidating) drop('sslfactory', factory.position, 'a custom SSL socket factory has no libpq equivalent');
  if (kw.sslmode === undefined && ssl && (ssl.value === 'true' || ssl.value === '')) {
    if (nonValidating) kw.sslmode = 'require';
    else {
      kw.sslmode = 'verify-full';
      warnings.push({
        code: 'JDBC_SSL_TRUE_IS_VERIFY_FULL',
        keyword: 'ssl',
        position: ssl.position,
        message: 'In pgjdbc, ssl=true without sslmode verifies the server certificate and host name: sslmode=verify-full, not libpq\'s ssl=true (require).',
      });
    }
  } else if (nonValidating && (kw.sslmode === 'verify-ca' || kw.sslmode === 'verify-full')) {
    warnings.push({
      code: 'JDBC_NON_VALIDATING_FACTORY',
      keyword: 'sslfactory',
      position: factory.position,
      message: `NonValidatingFactory turns certificate checks off, so pgjdbc never did ${kw.sslmode}; sslmode=require says what it did.`,
    });
    kw.sslmode = 'require';
  }

  const schema = take('currentSchema');
  if (schema) kw.options = appendSearchPath(kw.options, schema.value);

  const connectTimeout = take('connectTimeout');
  const loginTimeout = take('loginTimeout');
  if (connectTimeout) kw.connect_timeout = connectTimeout.value;
  if (loginTimeout) {
    if (connectTimeout) drop('loginTimeout', loginTimeout.position, 'connectTimeout already sets connect_timeout');
    else {
      // loginTimeout bounds the whole login; libpq's closest limit is per host, in whole seconds.
      const seconds = Number(loginTimeout.value);
      if (Number.isFinite(seconds)) {
        kw.connect_timeout = String(Math.ceil(seconds));
        warnings.push({ code: 'PARAMETER_APPROXIMATED', keyword: 'loginTimeout', position: loginTimeout.position, message: 'loginTimeout limits the whole login; it became connect_timeout, which libpq applies to each host.' });
      } else drop('loginTimeout', loginTimeout.position, 'it is not a number');
    }
  }

  const target = take('targetServerType');
  if (target) {
    const tsa = TARGET_SERVER_TYPES[target.value];
    if (tsa) kw.target_session_attrs = tsa;
    else drop('targetServerType', target.position, target.value === 'preferPrimary' ? 'libpq has no "prefer primary"; it tries hosts in order' : `unknown value "${target.value}"`);
  }
  const balance = take('loadBalanceHosts');
  if (balance) kw.load_balance_hosts = balance.value === 'true' ? 'random' : 'disable';
  const keepAlive = take('tcpKeepAlive');
  if (keepAlive) kw.keepalives = keepAlive.value === 'true' ? '1' : '0';
  const gss = take('gssEncMode');
  if (gss) {
    if (gss.value === 'allow') {
      kw.gssencmode = 'prefer';
      warnings.push({ code: 'PARAMETER_APPROXIMATED', keyword: 'gssEncMode', position: gss.position, message: 'libpq has no gssencmode "allow"; "prefer" is the closest.' });
    } else kw.gssencmode = gss.value;
  }

  for (const [name, { position }] of props) drop(name, position, 'it has no libpq equivalent');
  return undefined;
}

/** Java's URLDecoder, which pgjdbc uses: `+` is a space, `%XX` are UTF-8 bytes. */
function urlDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
