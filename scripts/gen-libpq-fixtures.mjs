#!/usr/bin/env node
// Writes packages/core/src/conninfo/fixtures/libpq18.jsonl: for each input below, what real libpq 18
// (the oracle built by scripts/setup.sh at .cache/libpq-parse) makes of it. The inputs are ours; every
// expectation comes from libpq. One JSON object a line: {"input", "expected"} where expected is the
// oracle's own line ({"ok":true,"opts":{...}} or {"ok":false,"error":"..."}). Inputs or outputs that are
// not valid UTF-8 are stored as binary strings (one char per byte) and marked "binary": true.
// Usage: node scripts/gen-libpq-fixtures.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const oracle = `${root}.cache/libpq-parse`;
const out = `${root}packages/core/src/conninfo/fixtures/libpq18.jsonl`;

/** A string of raw bytes (one char per byte), for inputs that are not valid UTF-8. */
const bytes = (...parts) => ({ binary: parts.map((p) => (typeof p === 'number' ? String.fromCharCode(p) : p)).join('') });

const KEYWORDS = [
  'service', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout', 'dbname', 'host', 'hostaddr',
  'port', 'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives',
  'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'sslmode', 'sslnegotiation',
  'sslcompression', 'sslcert', 'sslkey', 'sslcertmode', 'sslpassword', 'sslrootcert', 'sslcrl', 'sslcrldir',
  'sslsni', 'requirepeer', 'require_auth', 'min_protocol_version', 'max_protocol_version',
  'ssl_min_protocol_version', 'ssl_max_protocol_version', 'gssencmode', 'krbsrvname', 'gsslib', 'gssdelegation',
  'replication', 'target_session_attrs', 'load_balance_hosts', 'scram_client_key', 'scram_server_key',
  'oauth_issuer', 'oauth_client_id', 'oauth_client_secret', 'oauth_scope', 'sslkeylogfile',
];
// Keywords libpq never had, had in older versions only, or that other drivers use.
const NOT_KEYWORDS = ['ssl', 'foo', 'Host', 'HOST', 'servicefile', 'sslkeylog', 'database', 'username', 'pass',
  'tls', 'requiressl ', 'oauth_client', 'db', 'application-name', 'sslMode', 'requireauth', 'connect-timeout'];

const keyValue = [
  // pg-semantics §1.2 and §7
  'host=localhost port=5432 dbname=mydb', 'host = localhost   dbname =mydb', 'sslmode= host=x', 'password= dbname=foo',
  "password=''", "password='a b\\'c'", "password='a\\\\b'", 'password=a\\ b', "password=a'b", "password='it''s'",
  "host='a'port=5", 'dbname="my db"', "host=x dbname='unterminated", 'user=a\\', 'host=%2Ftmp', 'dbname=a dbname=b',
  'foo=bar', 'host', 'requiressl=1', 'requiressl=0', 'ssl=true', 'dbname=postgresql://u@h/db', 'host=h1,,h3',
  'host=/x1,/x2 port=1,2,3 user=u', 'hostaddr=127.0.0.1,127.0.0.2 host=a', 'host=/x port=70000 user=u',
  'sslmode=foo', 'target_session_attrs=bogus', 'ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2',
  'sslnegotiation=direct', 'sslrootcert=system sslmode=require', 'sslrootcert=system', 'require_auth=password,!md5',
  'POSTGRESQL://h/db', ' postgresql://h/db', 'Postgresql://h/db', 'postgresql:/h/db', 'postgresql:h', 'postgres:/',
  'postgresq://h', 'jdbc:postgresql://h/db', '\tpostgresql://h/db',
  // whitespace: every C isspace character except newline, which ends an oracle line
  'host=a\tport=5', 'host=a\vport=5', 'host=a\fport=5', 'host=a\rport=5', '\t host=a \t', 'host\t=\ta',
  'host\v=\fa\rport\t=5', 'host=\t', 'host=\v', '\v', '\f\r', ' ', '', '   host=a   ', 'host =', 'host= ',
  'host=a\\\tb', "host='a\tb'", 'host=\u00a0a', 'host=a\u00a0b',
  // quoting and escapes
  "host='a b'", "host='a\\'b'", "host='a\\\\'", "host='\\\\'", "host='\\x'", "host='a''b'", "host='' port=5",
  "host=''port=5", "host='a'  'b'", "host='", "host='\\'", "host='\\", "host=a\\'b", "host=\\'a'", "host=\\",
  'host=\\\\', 'host=a\\\\\\ b', "host='a'b=1", "host='a'b", "host= 'a b'", "host=''''", "host='a\\nb'",
  "password='p@ss:w/rd?x=1&y'", 'host=a=b', 'host==a', '=a', '=', '==', 'a=', 'host=a port', "host='a' port",
  "host='a'=", 'dbname=\'"quoted"\'', 'dbname="a"', 'dbname="a b"', "options='-c search_path=app,public'",
  "options='-c geqo=off -c statement_timeout=5s'", 'options=-c\\ geqo=off', "application_name='naïve café'",
  // repeated keys and aliases
  'host=a host=b host=c', 'host=a port=1 host=b', 'sslmode=disable requiressl=1', 'requiressl=1 sslmode=disable',
  'requiressl=', "requiressl=''", 'requiressl=yes', 'requiressl=10', 'requiressl=01', 'requiressl=true',
  'requiressl=1 requiressl=0', 'Requiressl=1', 'requireSSL=1', 'sslmode=require ssl=1',
  // empty values
  "dbname='' user=''", "host='' hostaddr='' port=''", "sslmode=''",
  // keys with odd characters
  'ho\\st=a', "'host'=a", 'host-x=1', 'host.x=1', 'hôst=a', '%68ost=a',
  'host;port=5', 'host=a;port=5', 'host=a,port=5', '@=1', '[=1', 'host[0]=a',
  // non-ASCII and long values
  'dbname=データベース user=ユーザー', 'password=пароль', 'application_name=🐘', 'host=ex\u00e4mple.com',
  `password=${'x'.repeat(5000)}`, `options='${'-c a=b '.repeat(300)}'`, `host=${'h,'.repeat(500)}h`,
  // multi-host and sockets
  'host=a,b,c port=1,2,3', 'host=a,b port=5432', 'host=,', 'host=, port=,', 'host=/tmp,/var/run/postgresql',
  'host=@abstract', 'host=/tmp hostaddr=127.0.0.1', 'hostaddr=::1,127.0.0.1', 'host=[::1]', 'host=::1 port=5433',
  bytes('password=', 0xff, 0xfe), bytes('host=', 0xc3, 0x28), bytes("application_name='", 0x80, "'"),
];
for (const k of KEYWORDS) keyValue.push(`${k}=v`, `${k}='a value'`, `${k}=`);
for (const k of NOT_KEYWORDS) keyValue.push(`${k}=v`);

const uri = [
  // pg-semantics §1.3 and §7
  'postgresql://', 'postgres://', 'postgresql://user:secret@localhost', 'postgresql://u:pa:ss@h/db',
  'postgresql://u:p@ss@h/db', 'postgresql://u%40x:p%3Aw@h/db', 'postgresql://h?user=a@b', 'postgresql://user:@h/db',
  'postgresql://:pw@h/db', 'postgresql://[2001:db8::1234]/database', 'postgresql://[::1]:5433/db', 'postgresql://[::1',
  'postgresql://[]/db', 'postgresql://[::1]x/db', 'postgresql://host1:123,host2:456/somedb', 'postgresql://h1:5432,h2/db',
  'postgresql://h1,h2:5433/db', 'postgresql://%2Fvar%2Flib%2Fpostgresql/dbname',
  'postgresql:///dbname?host=/var/lib/postgresql', 'postgresql://%40abstract/db',
  'postgresql:///mydb?host=localhost&port=5433', 'postgresql://h/db?host=other', 'postgresql://h/db?dbname=other',
  'postgresql://h/my%2Fdb', 'postgresql://h/db/extra', 'postgresql://h/db#frag', 'postgresql://h/db?application_name=a+b',
  'postgresql://h/db?application_name=a%26b', 'postgresql://h/db%zz', 'postgresql://h/db%00x',
  'postgresql://h/db?options=-c%20search_path%3Dfoo', 'postgresql://h/db?options=-c%20search_path=foo',
  'postgresql://h/db?foo=bar', 'postgresql://h/db?sslmode', 'postgresql://h/db?sslmode=',
  'postgresql://h/db?&sslmode=require', 'postgresql://h/db?sslmode=require&', 'postgresql://h/db?ssl=true',
  'postgresql://h/db?ssl=1', 'postgresql://h/db?ssl=false', 'postgresql://h/db?sslmode=require&sslmode=disable',
  'postgresql://h/my db', 'postgresql://h/db ', 'postgresql://h:abc/db', 'postgresql://h/db?service=foo',
  // userinfo
  'postgresql://u@h', 'postgresql://u@', 'postgresql://@h', 'postgresql://@', 'postgresql://:@h', 'postgresql://:@',
  'postgresql://u:@', 'postgresql://u:p@', 'postgresql://u:p:q@h', 'postgresql://u@h@i/db', 'postgresql://u@h/d@b',
  'postgresql://h/u@h', 'postgresql://u:p/q@h/db', 'postgresql://u?x@h', 'postgresql://u#x@h', 'postgresql://u%3Ap@h',
  'postgresql://u%zz@h', 'postgresql://u:p%zz@h', 'postgresql://u%00@h', 'postgresql://u:p%00@h', 'postgresql://u,v@h',
  'postgresql://[u]@h', 'postgresql://u[:p]@h', 'postgresql://u:[p]@h', 'postgresql://u:p@[::1]:5/d',
  'postgresql://u:p@h?user=x&password=y', 'postgresql://u%20v@h', 'postgresql://u v@h', 'postgresql:// u @h',
  'postgresql://u: p @h', 'postgresql://u:p q@h', 'postgresql://u:%20p%20@h',
  // hosts, ports, IPv6
  'postgresql://h', 'postgresql://h:', 'postgresql://h:/', 'postgresql://:5432', 'postgresql://:5432/db',
  'postgresql://h:5432:1/db', 'postgresql://h:-1', 'postgresql://h:99999', 'postgresql://h:%35%34', 'postgresql://h%3A5/db',
  'postgresql://h%2Ci/db', 'postgresql://[::1]', 'postgresql://[::1]:', 'postgresql://[::1]/', 'postgresql://[::1]?',
  'postgresql://[::1],[::2]:5/db', 'postgresql://[::1]]', 'postgresql://[::1][::2]', 'postgresql://[[::1]]',
  'postgresql://[fe80::1%25eth0]/db', 'postgresql://[fe80::1%eth0]/db', 'postgresql://[::1', 'postgresql://[',
  'postgresql://[]', 'postgresql://[]:5', 'postgresql://[ ]', 'postgresql://[ ::1 ]/db', 'postgresql://[::1 ]x',
  'postgresql://[a/b]/db', 'postgresql://[a?b]/db', 'postgresql://[a@b]/db', 'postgresql://[::1]@h', 'postgresql://[::1]a',
  'postgresql://[::1]é', 'postgresql://h[::1]/db', 'postgresql://1.2.3.4:5/d', 'postgresql://h,', 'postgresql://,',
  'postgresql://,,', 'postgresql://,h', 'postgresql://h,,i', 'postgresql://h:1,i:2,j:3/db', 'postgresql://h:1,,j:3/db',
  'postgresql://h,i:,j:3', 'postgresql://:1,:2', 'postgresql://h:1,[::1]:2,i/db', 'postgresql://h1 ,h2/db',
  'postgresql://h1, h2/db', 'postgresql:// h1,h2 /db', 'postgresql://h1,h2 :5/db', 'postgresql://h:5 ,i/db',
  'postgresql://h: 5/db', 'postgresql://h:5 /db', 'postgresql://h :5/db', 'postgresql://ex%C3%A4mple.com/db',
  'postgresql://exämple.com/db', 'postgresql://%2Ftmp,%2Fvar%2Frun/db', 'postgresql://%2ftmp/db',
  'postgresql://%40/db', 'postgresql://%40a%2Cb/db', 'postgresql:///db', 'postgresql:////db', 'postgresql://h//db',
  'postgresql://h/', 'postgresql://h/?', 'postgresql://h?', 'postgresql://?', 'postgresql://?host=a',
  'postgresql://?host=%2Ftmp&port=5', 'postgresql:///?host=@abstract', 'postgresql://h/db?host=a,b&port=1,2',
  'postgresql://h?dbname=x', 'postgresql://h/?dbname=x', 'postgresql://h/a?b/c', 'postgresql://h/a%3Fb',
  'postgresql://h/db#x?sslmode=require', 'postgresql://h/d%62', 'postgresql://h/%64%62', 'postgresql://h/%E3%83%87',
  'postgresql://h/%e3%83%87', 'postgresql://h/%', 'postgresql://h/%2', 'postgresql://h/%2g', 'postgresql://h/%g2',
  'postgresql://h/%%', 'postgresql://h/%25', 'postgresql://h/%2525', 'postgresql://h/a%0', 'postgresql://h/%00',
  'postgresql://h/%0a', 'postgresql://h/%09', 'postgresql://h/%0D', 'postgresql://h/%7F', 'postgresql://h/%20',
  'postgresql://h/%20db%20', 'postgresql://h/ %20', 'postgresql://h/d\tb', 'postgresql://h/\tdb\t',
  'postgresql://h/db\v', 'postgresql://h\f/db', 'postgresql://h/db\r', 'postgresql://h/データ', 'postgresql://h/🐘',
  // query parameters
  'postgresql://h/db?=', 'postgresql://h/db?=x', 'postgresql://h/db?x', 'postgresql://h/db?&', 'postgresql://h/db?&&',
  'postgresql://h/db?sslmode=require&&port=5', 'postgresql://h/db?a=b=c', 'postgresql://h/db?sslmode==require',
  'postgresql://h/db?port=5&port=6', 'postgresql://h/db?host=', 'postgresql://h/db?user=&password=',
  'postgresql://h/db?dbname=', 'postgresql://h/db?ssl=true&sslmode=disable', 'postgresql://h/db?sslmode=disable&ssl=true',
  'postgresql://h/db?ssl=TRUE', 'postgresql://h/db?ssl=%74rue', 'postgresql://h/db?%73sl=true', 'postgresql://h/db?ssl=',
  'postgresql://h/db?ssl= true ', 'postgresql://h/db?requiressl=1', 'postgresql://h/db?requiressl=0',
  'postgresql://h/db?requiressl=1x', 'postgresql://h/db?requiressl=', 'postgresql://h/db?requiressl=%31',
  'postgresql://h/db?%68ost=a', 'postgresql://h/db?HOST=a', 'postgresql://h/db?ho%zzst=a', 'postgresql://h/db?host=%zz',
  'postgresql://h/db?foo=%zz', 'postgresql://h/db?%00=a', 'postgresql://h/db?host=a%00', 'postgresql://h/db?host=a b',
  'postgresql://h/db?host= a ', 'postgresql://h/db? host =a', 'postgresql://h/db?ho st=a', 'postgresql://h/db?host=a+b',
  'postgresql://h/db?host=a%2Bb', 'postgresql://h/db?options=-c%20a%3Db%20-c%20c%3Dd',
  'postgresql://h/db?application_name=caf%C3%A9', 'postgresql://h/db?application_name=café',
  'postgresql://h/db?application_name=%F0%9F%90%98', 'postgresql://h/db?password=a%20b', 'postgresql://h/db?password=a b',
  'postgresql://h/db?sslpassword=%zz', 'postgresql://h/db?password=x&foo=y', 'postgresql://h/db?host=a?b',
  'postgresql://h/db?host=a/b', 'postgresql://h/db?host=a@b', 'postgresql://h/db?host=[::1]', 'postgresql://h/db?host=a#b',
  'postgresql://h/db?host=a;port=5', 'postgresql://h/db?service=svc&sslmode=verify-full&sslrootcert=system',
  'postgres://h/db?target_session_attrs=read-write&load_balance_hosts=random',
  `postgresql://h/${'d'.repeat(5000)}`, `postgresql://h/db?application_name=${'%41'.repeat(2000)}`,
  `postgresql://${Array.from({ length: 100 }, (_, i) => `h${i}:${5000 + i}`).join(',')}/db`,
  bytes('postgresql://h/%ff'), bytes('postgresql://h/%C3%28'), bytes('postgresql://h/%fe%ff?application_name=%80'),
  bytes('postgresql://h/', 0xff), bytes('postgresql://u:', 0xe9, '@h'), bytes('postgresql://[::1]', 0xe9),
  bytes('postgresql://h/db?application_name=', 0xc3),
];
for (const k of KEYWORDS) uri.push(`postgresql://h/db?${k}=v`, `postgresql://h/db?${k}=a%20value`, `postgresql://h/db?${k}=`);
for (const k of NOT_KEYWORDS) uri.push(`postgresql://h/db?${encodeURIComponent(k)}=v`);
// A string that sets every keyword fixes libpq's reporting order; so does the same list reversed.
uri.push(`postgresql://?${KEYWORDS.map((k) => `${k}=${k}`).join('&')}`);
keyValue.push(KEYWORDS.map((k) => `${k}=${k}`).join(' '), KEYWORDS.map((k) => `${k}=${k}`).reverse().join(' '));

// The lists overlap where loops meet hand-picked cases; each distinct input is kept once.
const distinct = new Set([...keyValue, ...uri].map((i) => (typeof i === 'string' ? Buffer.from(i, 'utf8') : Buffer.from(i.binary, 'latin1')).toString('latin1')));
const inputs = [...distinct].map((s) => Buffer.from(s, 'latin1'));
for (const input of inputs) {
  if (input.includes(0x0a) || input.includes(0x00)) throw new Error(`inputs are lines: ${JSON.stringify(input.toString())}`);
}
if (!existsSync(oracle)) throw new Error(`${oracle} is missing: run bash scripts/setup.sh`);
const run = spawnSync(oracle, { input: Buffer.concat(inputs.flatMap((b) => [b, Buffer.from('\n')])), maxBuffer: 1 << 28 });
if (run.status !== 0) throw new Error(`the oracle failed: ${run.stderr}`);
const outputs = run.stdout.subarray(0, -1).toString('latin1').split('\n');
if (outputs.length !== inputs.length) throw new Error(`expected ${inputs.length} oracle lines, got ${outputs.length}`);

const isUtf8 = (buf) => Buffer.from(buf.toString('utf8'), 'utf8').equals(buf);
const lines = inputs.map((input, i) => {
  const output = Buffer.from(outputs[i], 'latin1');
  const binary = !isUtf8(input) || !isUtf8(output);
  const decode = (buf) => buf.toString(binary ? 'latin1' : 'utf8');
  return JSON.stringify({ input: decode(input), expected: JSON.parse(decode(output)), ...(binary ? { binary } : {}) });
});
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} fixtures to ${out}`);
