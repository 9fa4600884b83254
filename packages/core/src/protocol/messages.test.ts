import { describe, expect, it } from 'vitest';
import { parseBridgeFrame, parseClientFrame } from './messages.js';
import { eventFixtures, fullProfile, requestFixtures, resultFixtures } from './messages.fixtures.js';
import { MAX_BRIDGE_FRAME_BYTES, MAX_CLIENT_FRAME_BYTES, MAX_FRAME_DEPTH } from './version.js';

const frame = (value: unknown) => JSON.stringify(value);
const testRequest = { id: 'r1', type: 'connection.test', ...requestFixtures['connection.test'] };

/** A connection.test request with `patch` applied to a copy of its profile. */
function withProfile(patch: (profile: Record<string, unknown>) => void): string {
  const profile = structuredClone(fullProfile) as unknown as Record<string, unknown>;
  patch(profile);
  return frame({ ...testRequest, profile });
}

function rejection(text: string) {
  const result = parseClientFrame(text);
  if (result.ok) throw new Error('expected the frame to be rejected');
  return result;
}

describe('parseClientFrame', () => {
  it('accepts the hello frame', () => {
    const result = parseClientFrame(frame({ type: 'hello', v: 1, nonce: 'n0nce-n0nce-n0nce-n0nce' }));
    expect(result).toEqual({ ok: true, msg: { type: 'hello', v: 1, nonce: 'n0nce-n0nce-n0nce-n0nce' } });
  });

  it.each(Object.entries(requestFixtures))('accepts a valid %s request', (type, params) => {
    const result = parseClientFrame(frame({ id: 'req-1', type, ...params }));
    expect(result).toEqual({ ok: true, msg: { id: 'req-1', type, ...params } });
  });

  it('rejects an unknown operation as PROTOCOL_UNKNOWN_OP, keeping the id for the reply', () => {
    const result = rejection(frame({ id: 'r7', type: 'secrets.get', profileId: 'p1' }));
    expect(result).toEqual({
      ok: false,
      id: 'r7',
      error: { code: 'PROTOCOL_UNKNOWN_OP', message: '"secrets.get" is not a known message type', field: 'type' },
    });
  });

  it('reports a missing type as a required field', () => {
    expect(rejection(frame({ id: 'r1' })).error).toMatchObject({ code: 'PROTOCOL_INVALID_MESSAGE', field: 'type', message: 'type is required' });
  });

  it.each([
    ['a port above 65535', (p: Record<string, unknown>) => (p.hosts = [{ host: 'h', port: 70_000 }]), 'profile.hosts.0.port', 'must be at most 65535'],
    ['a negative port', (p: Record<string, unknown>) => (p.hosts = [{ host: 'h', port: -1 }]), 'profile.hosts.0.port', 'must be at least 1'],
    ['a port with SQL in it', (p: Record<string, unknown>) => (p.hosts = [{ host: 'h', port: '5432; DROP' }]), 'profile.hosts.0.port', 'must be a number'],
    ['a fractional port', (p: Record<string, unknown>) => (p.hosts = [{ host: 'h', port: 5432.5 }]), 'profile.hosts.0.port', 'must be an integer'],
    ['a 10,000-character host', (p: Record<string, unknown>) => (p.hosts = [{ host: 'h'.repeat(10_000) }]), 'profile.hosts.0.host', 'must have at most 255 characters'],
    ['an unknown sslmode', (p: Record<string, unknown>) => (p.ssl = { sslmode: 'no-verify' }), 'profile.ssl.sslmode', 'must be one of'],
    ['an unknown auth type', (p: Record<string, unknown>) => (p.auth = { type: 'kerberos', user: 'a' }), 'profile.auth.type', 'must be one of "password"'],
    ['a missing user', (p: Record<string, unknown>) => (p.auth = { type: 'password', savePassword: false }), 'profile.auth.user', 'is required'],
    ['a password inside the profile', (p: Record<string, unknown>) => (p.password = 'secret'), 'profile.password', 'is not a known field'],
    ['a PEM source with a number for a path', (p: Record<string, unknown>) => (p.ssl = { sslmode: 'require', rootCert: { path: 1 } }), 'profile.ssl.rootCert.path', 'must be a string'],
    ['a color that could inject CSS', (p: Record<string, unknown>) => (p.color = 'red; background: url(x)'), 'profile.color', 'has an invalid format'],
    ['a malformed pinned host key', (p: Record<string, unknown>) => (p.ssh = { ...fullProfile.ssh, knownHostKey: 'MD5:aa' }), 'profile.ssh.knownHostKey', 'has an invalid format'],
  ])('rejects %s, naming the field', (_name, patch, field, message) => {
    const { error, id } = rejection(withProfile(patch));
    expect(id).toBe('r1');
    expect(error.code).toBe('PROTOCOL_INVALID_MESSAGE');
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field} ${message}`);
  });

  it('never echoes a rejected value, which may be a secret', () => {
    const secret = 'hunter2-canary';
    const texts = [
      frame({ ...testRequest, secrets: { password: 42 }, extra: secret }),
      frame({ ...testRequest, secrets: { password: secret.repeat(1_000) } }),
      frame({ ...testRequest, secrets: { [secret]: secret } }),
      frame({ ...testRequest, type: secret }),
    ];
    for (const text of texts) expect(JSON.stringify(rejection(text).error)).not.toContain('hunter2-canary'.repeat(2));
    expect(rejection(texts[1] as string).error).toMatchObject({ field: 'secrets.password', message: 'secrets.password must have at most 4096 characters' });
  });

  it('rejects a request whose id has the wrong shape', () => {
    const { error, id } = rejection(frame({ ...testRequest, id: 'x'.repeat(65) }));
    expect(id).toBeUndefined();
    expect(error).toMatchObject({ code: 'PROTOCOL_INVALID_MESSAGE', field: 'id' });
  });

  it('requires either a connection id or a profile to list databases', () => {
    expect(rejection(frame({ id: 'r1', type: 'databases.list' })).error).toMatchObject({ field: 'connectionId' });
    expect(rejection(frame({ id: 'r1', type: 'databases.list', connectionId: 'c1', profile: fullProfile })).error).toMatchObject({ field: 'connectionId' });
    expect(parseClientFrame(frame({ id: 'r1', type: 'databases.list', profile: fullProfile })).ok).toBe(true);
  });

  it.each([
    ['a top-level __proto__', '{"id":"r1","type":"connection.list","__proto__":{"polluted":1}}', '__proto__'],
    ['a constructor.prototype chain', '{"constructor":{"prototype":{"polluted":1}},"id":"r1","type":"connection.list"}', 'constructor'],
    ['a __proto__ key in a record', withProfile((p) => (p.extra = JSON.parse('{"__proto__":{"polluted":"1"}}'))), 'profile.extra.__proto__'],
    ['a __proto__ key in an array element', '{"id":"r1","type":"query","connectionId":"c1","sql":"x","params":[{"__proto__":{"polluted":1}}]}', 'params.0.__proto__'],
  ])('rejects %s without polluting any prototype', (_name, text, field) => {
    const result = rejection(text);
    expect(result.error).toEqual({ code: 'PROTOCOL_INVALID_MESSAGE', message: `${field} is not an allowed key`, field });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each([
    ['a forbidden key', '{"id":"r5","type":"connection.list","__proto__":{"polluted":1}}'],
    ['a forbidden key before the id', '{"constructor":{"prototype":{}},"type":"connection.list","id":"r5"}'],
    ['too deep a nesting', `{"type":"query","id":"r5","connectionId":"c1","sql":"x","params":${'['.repeat(100)}${']'.repeat(100)}}`],
  ])('keeps the id of a frame refused early for %s, so the reply can be matched', (_name, text) => {
    expect(rejection(text).id).toBe('r5');
  });

  it('reads only a top-level id from a frame it will not parse', () => {
    const nestedOnly = `{"type":"query","sql":"x","params":[{"id":"inner"}${'['.repeat(100)}${']'.repeat(100)}]}`;
    expect(rejection(nestedOnly).id).toBeUndefined();
    const notAnId = `{"id":"has spaces","x":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(rejection(notAnId).id).toBeUndefined();
    expect(rejection('{"id": "r1",').id).toBeUndefined();
  });

  it('rejects a frame over the size limit without parsing it', () => {
    const text = frame({ id: 'r1', type: 'query', connectionId: 'c1', sql: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) });
    expect(rejection(text).error.code).toBe('PROTOCOL_FRAME_TOO_LARGE');
  });

  it('rejects deeply nested input without throwing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseClientFrame(deep)).not.toThrow();
    expect(rejection(deep).error).toEqual({
      code: 'PROTOCOL_INVALID_MESSAGE',
      message: `the frame is nested deeper than ${MAX_FRAME_DEPTH} levels`,
    });
  });

  it('is not fooled by brackets inside strings when measuring depth', () => {
    const sql = `select '${'['.repeat(100)}\\"' as x`;
    expect(parseClientFrame(frame({ id: 'r1', type: 'query', connectionId: 'c1', sql })).ok).toBe(true);
  });

  it.each([
    ['invalid JSON', '{"id": "r1",', 'the frame is not valid JSON'],
    ['an array', '[]', 'the message must be an object'],
    ['a string', '"hello"', 'the message must be an object'],
    ['null', 'null', 'the message must be an object'],
  ])('rejects %s', (_name, text, message) => {
    expect(rejection(text).error).toMatchObject({ code: 'PROTOCOL_INVALID_MESSAGE', message });
  });

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = [undefined, null, 42, {}, '', '\u0000', '{"id":1n}', '{"type":"hello","v":1e400}', '\ud800'];
    for (const input of inputs) expect(() => parseClientFrame(input as string)).not.toThrow();
  });
});

describe('parseBridgeFrame', () => {
  it('accepts the hello.result frame', () => {
    const msg = {
      type: 'hello.result',
      v: 1,
      proof: 'a'.repeat(43),
      bridgeVersion: '0.1.0',
      capabilities: ['ssh', 'keychain', 'aFutureCapability'],
      mode: 'local',
    };
    expect(parseBridgeFrame(frame(msg))).toEqual({ ok: true, msg });
  });

  it.each(Object.entries(resultFixtures))('accepts a valid %s result', (type, fields) => {
    const msg = { id: 'req-1', type: `${type}.result`, ...fields };
    expect(parseBridgeFrame(frame(msg))).toEqual({ ok: true, msg });
  });

  it.each(Object.entries(eventFixtures))('accepts a valid %s push', (type, fields) => {
    const msg = { type, ...fields };
    expect(parseBridgeFrame(frame(msg))).toEqual({ ok: true, msg });
  });

  it('accepts an error frame with and without an id', () => {
    const error = { code: 'SSH_HOST_KEY_CHANGED', message: 'changed', hint: 'check', data: { expected: 'SHA256:a', received: 'SHA256:b' } };
    expect(parseBridgeFrame(frame({ id: 'r1', type: 'error', error })).ok).toBe(true);
    expect(parseBridgeFrame(frame({ type: 'error', error })).ok).toBe(true);
  });

  it('rejects an error frame with a code outside the table', () => {
    const result = parseBridgeFrame(frame({ id: 'r1', type: 'error', error: { code: 'EVERYTHING_IS_FINE', message: '' } }));
    expect(result).toMatchObject({ ok: false, id: 'r1', error: { field: 'error.code' } });
  });

  it('rejects a result that carries a secret field', () => {
    const result = parseBridgeFrame(frame({ id: 'r1', type: 'secrets.has.result', secrets: { hasPassword: true, password: 'pw' } }));
    expect(result).toMatchObject({ ok: false, error: { field: 'secrets.password', message: 'secrets.password is not a known field' } });
  });

  it('accepts frames larger than a request may be, up to its own limit', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => [`row ${i} ${'x'.repeat(100)}`]);
    const big = frame({ id: 'r1', type: 'query.result', command: 'SELECT', rowCount: rows.length, fields: [{ name: 'x', dataTypeId: 25 }], rows, truncated: false });
    expect(big.length).toBeGreaterThan(MAX_CLIENT_FRAME_BYTES);
    expect(parseBridgeFrame(big).ok).toBe(true);
    expect(parseBridgeFrame(' '.repeat(MAX_BRIDGE_FRAME_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'PROTOCOL_FRAME_TOO_LARGE' } });
  });

  it('fits the deepest valid frame within the depth limit', () => {
    // A recent entry holds a profile whose jump host holds a key: the deepest nesting any frame needs.
    const text = frame({ id: 'r1', type: 'recent.list.result', ...resultFixtures['recent.list'] });
    expect(parseBridgeFrame(text).ok).toBe(true);
  });
});

describe('secrets.entraToken', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln';

  it.each(['connection.test', 'connection.open'] as const)('rides on %s for that one attempt', (type) => {
    const result = parseClientFrame(frame({ id: 'r1', type, ...requestFixtures[type], secrets: { entraToken: jwt } }));
    expect(result).toMatchObject({ ok: true, msg: { secrets: { entraToken: jwt } } });
  });

  it('is refused where secrets are saved, so a page token can never be stored', () => {
    expect(rejection(frame({ id: 'r1', type: 'profiles.save', profile: fullProfile, secrets: { entraToken: jwt } })).error).toMatchObject({ field: 'secrets.entraToken' });
    expect(rejection(frame({ id: 'r1', type: 'secrets.save', profileId: 'p1', secrets: { entraToken: jwt } })).error).toMatchObject({ field: 'secrets.entraToken' });
  });

  it('must look like a JWT, and a refusal does not echo it', () => {
    const canary = 'not-a-jwt-canary-value';
    const { error } = rejection(frame({ ...testRequest, secrets: { entraToken: canary } }));
    expect(error).toMatchObject({ field: 'secrets.entraToken' });
    expect(JSON.stringify(error)).not.toContain(canary);
  });
});
