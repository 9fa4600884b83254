import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { portIsOpen } from '../../../../test/harness/index.js';
import { DEFAULT_PAGE_DIR } from './page.js';
import { startDemo, type DemoHandle } from './start-demo.js';

const execFileAsync = promisify(execFile);

/** The page bundle is built by setup.sh; build it here when a test run comes first. */
async function ensurePageBuilt(): Promise<void> {
  if (existsSync(`${DEFAULT_PAGE_DIR}/assets/demo.js`)) return;
  await execFileAsync(process.execPath, [fileURLToPath(new URL('../../demo-page/build.mjs', import.meta.url))]);
}

let demo: DemoHandle;

beforeAll(async () => {
  await ensurePageBuilt();
  demo = await startDemo();
});

afterAll(async () => {
  await demo?.stop();
});

/** A TLS connection as libpq's verify-full makes it: the demo CA as the only root, the host name checked. */
async function connectAs(role: { name: string; password: string }, host = 'localhost'): Promise<pg.Client> {
  const client = new pg.Client({
    host,
    port: demo.postgres.port,
    user: role.name,
    password: role.password,
    database: demo.postgres.database,
    ssl: { ca: readFileSync(demo.postgres.caCertPath, 'utf8'), rejectUnauthorized: true, ...(host === 'localhost' && { servername: 'localhost' }) },
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function as<T>(role: { name: string; password: string }, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectAs(role);
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: pg.Client, sql: string): Promise<string> {
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('startDemo', () => {
  it('lets each demo role in over TLS verified against the demo CA', async () => {
    for (const role of [demo.roles.admin, demo.roles.reader]) {
      const row = await as(role, async (c) => (await c.query<{ user: string; ssl: boolean }>('SELECT current_user AS user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]);
      expect(row).toEqual({ user: role.name, ssl: true });
    }
  });

  it('serves a certificate that verifies for 127.0.0.1 too', async () => {
    const client = await connectAs(demo.roles.reader, '127.0.0.1');
    await client.end();
  });

  it('refuses connections without TLS', async () => {
    const client = new pg.Client({ host: 'localhost', port: demo.postgres.port, user: demo.roles.reader.name, password: demo.roles.reader.password, database: 'demo', ssl: false });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow(/no encryption/);
  });

  it('refuses a wrong password', async () => {
    await expect(connectAs({ name: demo.roles.reader.name, password: 'wrong' })).rejects.toMatchObject({ code: '28P01' });
  });

  it('gives demo_reader what it inherits from demo_analyst and nothing more', async () => {
    await as(demo.roles.reader, async (c) => {
      expect(await outcome(c, 'SELECT count(*) FROM shop.orders')).toBe('ok');
      expect(await outcome(c, 'SELECT id, name, country FROM shop.customers')).toBe('ok');
      expect(await outcome(c, 'SELECT shop.order_total(1)')).toBe('ok');
      // 42501: insufficient_privilege.
      expect(await outcome(c, 'INSERT INTO shop.orders (customer_id) VALUES (1)')).toBe('42501');
      expect(await outcome(c, 'SELECT email FROM shop.customers')).toBe('42501');
      expect(await outcome(c, 'SELECT * FROM shop.payments')).toBe('42501');
      expect(await outcome(c, "SELECT nextval('shop.invoice_number')")).toBe('42501');
    });
  });

  it('gives demo_reader demo_auditor rights only after SET ROLE (membership WITH INHERIT FALSE)', async () => {
    await as(demo.roles.reader, async (c) => {
      expect(await outcome(c, 'SELECT * FROM shop.audit_log')).toBe('42501');
      await c.query('SET ROLE demo_auditor');
      expect(await outcome(c, 'SELECT * FROM shop.audit_log')).toBe('ok');
    });
  });

  it('gives demo_admin full rights on what it owns', async () => {
    await as(demo.roles.admin, async (c) => {
      expect(await outcome(c, "INSERT INTO shop.payments (order_id, amount, card_last4) VALUES (3, 178.00, '0005')")).toBe('ok');
      expect(await outcome(c, "SELECT nextval('shop.invoice_number')")).toBe('ok');
      expect(await outcome(c, 'CREATE TABLE shop.scratch (id int)')).toBe('ok');
    });
  });

  it('serves the page with the token injected, a strict CSP and no password', async () => {
    const response = await fetch(demo.url);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${demo.bridge.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(tokenIn(html)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(html).not.toContain(demo.roles.admin.password);
    expect(html).not.toContain(demo.roles.reader.password);
    const script = await fetch(new URL('/assets/demo.js', demo.url));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('does not hand the page to a request for another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      // fetch() cannot set Host; http.get can.
      void import('node:http').then(({ get }) =>
        get({ host: '127.0.0.1', port: demo.bridge.port, path: '/', headers: { Host: `attacker.example:${demo.bridge.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject),
      );
    });
    expect(status).toBe(403);
  });

  it("accepts a WebSocket with the page's token and Origin, and the bridge proves the token", async () => {
    const token = tokenIn(await (await fetch(demo.url)).text());
    const socket = new WebSocket(demo.bridge.url, ['pgconnect.v1', `pgconnect.token.${token}`], { origin: `http://127.0.0.1:${demo.bridge.port}` });
    const nonce = randomBytes(32).toString('base64url');
    const answer = await new Promise<{ type: string; proof: string }>((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', v: 1, nonce })));
      socket.on('message', (data) => resolve(JSON.parse(String(data)) as { type: string; proof: string }));
      socket.on('error', reject);
    });
    socket.close();
    expect(answer.type).toBe('hello.result');
    expect(answer.proof).toBe(createHmac('sha256', token).update(nonce).digest('base64url'));
  });

  it('refuses a WebSocket from a foreign Origin, even with the token', async () => {
    const token = tokenIn(await (await fetch(demo.url)).text());
    const socket = new WebSocket(demo.bridge.url, ['pgconnect.v1', `pgconnect.token.${token}`], { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    socket.terminate();
    expect(status).toBe(403);
  });

  it('leaves no process, port or directory behind after stop()', async () => {
    const { pid } = demo.postgres;
    await demo.stop();
    expect(pid).toBeDefined();
    expect(alive(pid!)).toBe(false);
    expect(existsSync(demo.dir)).toBe(false);
    await expect(fetch(demo.url)).rejects.toThrow();
    expect(await portIsOpen(demo.postgres.port)).toBe(false);
    // A second stop() is harmless.
    await demo.stop();
  });
});

function tokenIn(html: string): string {
  return /<meta name="pgconnect-token" content="([^"]+)">/.exec(html)?.[1] ?? '';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
