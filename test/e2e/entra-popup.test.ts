/**
 * "Sign in with Microsoft (popup)" in the real Chromium: `<pg-auth-settings>` (for a bridge in server mode,
 * which cannot open a browser) loads msal-browser on demand, which runs its real popup flow — authorize with
 * PKCE, the redirect page (`entra-redirect.html` + `redirect.ts`), the token endpoint — against the loopback
 * stand-in authority over HTTPS. Chromium trusts the stand-in's certificate through
 * `--ignore-certificate-errors-spki-list` pinned to that one key; nothing else is ignored.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type TestCa } from '../../packages/bridge/src/auth/testing/certs.js';
import { startEntraAuthority, type DirectoryUser, type EntraAuthority } from '../../packages/bridge/src/auth/testing/entra-authority.js';
import { verifyJwt } from '../../packages/bridge/src/auth/testing/jwt.js';
import { CHROMIUM, TIMEOUT } from './support/browser.js';

const components = (path: string) => fileURLToPath(new URL(`../../packages/components/src/${path}`, import.meta.url));
const coreSrc = fileURLToPath(new URL('../../packages/core/src/', import.meta.url));

const CLIENT_ID = '0d3c7f4e-1b2a-4c5d-8e9f-a0b1c2d3e4f5';
const TENANT = '22222222-2222-4222-8222-222222222222';
const ALICE: DirectoryUser = { oid: 'aaaaaaaa-0000-4000-8000-0000000000a1', homeTenant: TENANT, username: 'alice@contoso.example', name: 'Alice Admin', tenants: [TENANT] };
const AUDIENCE = 'https://ossrdbms-aad.database.windows.net';

/** @pgconnect/core from its sources, as the components' own scripts build it. */
const coreFromSource: Plugin = {
  name: 'core-from-source',
  setup(b) {
    b.onResolve({ filter: /^@pgconnect\/core(\/.*)?$/ }, (args) => {
      const sub = args.path.slice('@pgconnect/core'.length);
      return { path: join(coreSrc, sub ? sub.replace(/\.js$/, '.ts') : 'index.ts') };
    });
  },
};

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>popup sign-in</title>
<script type="module">
  import './assets/page.js';
  const config = JSON.parse(new URLSearchParams(location.search).get('config'));
  const el = document.createElement('pg-auth-settings');
  // A bridge in server mode: it cannot open a browser for the user, so the page signs in itself.
  el.client = {
    state: 'ready',
    info: { bridgeVersion: 'e2e', capabilities: ['entra'], mode: 'server' },
    request: async (type) => (type === 'entra.accounts.list' ? { accounts: [] } : Promise.reject(new Error('not in this page'))),
    onPush: () => () => undefined,
    addEventListener() {},
    removeEventListener() {},
  };
  el.entraPopup = config;
  el.value = { type: 'entra', account: '', tenant: '', user: '' };
  window.changes = [];
  el.addEventListener('pg-auth-change', (e) => window.changes.push(e.detail.value));
  document.body.append(el);
</script></head><body></body></html>`;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

let ca: TestCa;
let authority: EntraAuthority;
let dir: string;
let server: Server;
let origin: string;
let profileDir: string;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  ca = await createTestCa();
  const tls = await ca.issue(['localhost'], { ip: true });
  authority = await startEntraAuthority({ tls, users: [ALICE] });

  dir = await mkdtemp(join(tmpdir(), 'pgconnect-e2e-entra-'));
  const common: BuildOptions = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['production'], plugins: [coreFromSource], logLevel: 'silent' };
  await build({ ...common, entryPoints: [{ in: components('auth-settings/pg-auth-settings.ts'), out: 'page' }], outdir: join(dir, 'assets'), splitting: true });
  // The documented redirect page, as a host would serve it: entra-redirect.js (one file) next to it.
  await build({ ...common, entryPoints: [{ in: components('entra/redirect.ts'), out: 'entra-redirect' }], outdir: dir });
  await copyFile(components('entra/entra-redirect.html'), join(dir, 'entra-redirect.html'));
  await writeFile(join(dir, 'index.html'), PAGE);

  server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '') || 'index.html';
    readFile(join(dir, path)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('page server did not bind');
  // localhost is a secure context (msal-browser needs WebCrypto) without a certificate for the page.
  origin = `http://localhost:${address.port}`;

  // Trust exactly the stand-in's key: the SPKI pin Chromium takes instead of a CA.
  const spki = new X509Certificate(tls.cert).publicKey.export({ type: 'spki', format: 'der' });
  const pin = createHash('sha256').update(spki).digest('base64');
  profileDir = await mkdtemp(join(tmpdir(), 'pgconnect-e2e-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${pin}`],
  });
  context.setDefaultTimeout(TIMEOUT);
  context.on('request', (request) => requested.push(request.url()));
  page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await authority?.close();
  await ca?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Runs in the page (the e2e tests compile without the DOM library).
const tokenIn = (p: Page) => p.evaluate<string | undefined>('document.querySelector("pg-auth-settings")?.entraToken');

describe('Sign in with Microsoft (popup)', () => {
  it('signs in through msal-browser in a real popup and holds a PostgreSQL token for the bridge', async () => {
    const config = { clientId: CLIENT_ID, authority: `${authority.url}/organizations`, redirectUri: `${origin}/entra-redirect.html` };
    await page.goto(`${origin}/index.html?config=${encodeURIComponent(JSON.stringify(config))}`);
    const button = page.getByRole('button', { name: 'Sign in with Microsoft (popup)' });
    await button.waitFor();

    const popupOpened = context.waitForEvent('page');
    await button.click();
    const popup = await popupOpened;
    // msal-browser closes the popup once the redirect page has handed the response back.
    await popup.waitForEvent('close');
    await page.getByText('Signed in here until').waitFor();

    const token = await tokenIn(page);
    expect(typeof token).toBe('string');
    const verdict = verifyJwt(token ?? '', authority.key, { audience: AUDIENCE });
    expect(verdict).toMatchObject({ ok: true, claims: { upn: ALICE.username, tid: TENANT } });
    // PKCE authorization code, for the PostgreSQL scope.
    expect(authority.grants).toContainEqual(expect.objectContaining({ grantType: 'authorization_code', oid: ALICE.oid, scope: expect.stringContaining(`${AUDIENCE}/.default`) }));
    // The profile now names the page's account and the Entra user; the token is not part of it.
    const changes = await page.evaluate<unknown[]>('window.changes');
    expect(changes.at(-1)).toEqual({ type: 'entra', account: `${ALICE.oid}.${TENANT}`, tenant: TENANT, user: ALICE.username });
    expect(JSON.stringify(changes)).not.toContain(token);
    // The popup went to the stand-in and came back to the documented redirect page.
    expect(requested.some((u) => u.startsWith(`${authority.url}/organizations/oauth2/v2.0/authorize`))).toBe(true);
    expect(requested).toContain(`${origin}/entra-redirect.js`);
  });

  it('loaded msal-browser on demand, as its own chunk, once Entra with the popup was on screen', () => {
    const chunks = requested.filter((u) => u.startsWith(`${origin}/assets/`)).map((u) => u.slice(u.lastIndexOf('/') + 1));
    expect(chunks).toContain('page.js');
    expect(chunks.some((c) => c.startsWith('entra-popup-'))).toBe(true);
  });

  it('gets the token again silently from msal-browser\'s cache, without a popup', async () => {
    const grants = authority.grants.length;
    let popups = 0;
    context.on('page', () => popups++);
    await page.getByRole('button', { name: 'Sign in with Microsoft (popup)' }).click();
    await page.getByRole('status').filter({ hasText: `Signed in as ${ALICE.username}.` }).waitFor({ state: 'attached' });
    expect(await tokenIn(page)).toBeTruthy();
    expect(popups).toBe(0);
    expect(authority.grants.length).toBe(grants);
  });
});
