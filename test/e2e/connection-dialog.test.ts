/**
 * The connection dialog on the `npm start` demo page, driven in the system Chromium against the real demo:
 * PostgreSQL 18 with TLS, the demo roles and the bridge that serves the page.
 */
import { errorInfo, parseConnectionString } from '@pgconnect/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCerts, removeTempDir, type TestCerts } from '../harness/index.js';
import { TIMEOUT } from './support/browser.js';
import { startDemoSession, type DemoSession } from './support/demo-session.js';
import { chooseSsl, connectionDetails, connectionDialog, fillParameters, grantClipboard, openNewConnection, paste, runTest, stages } from './support/dialog.js';

let session: DemoSession;
/** Made on first use: only its second CA is needed, one that did not sign the demo server's certificate. */
let certs: TestCerts | undefined;

beforeAll(async () => {
  session = await startDemoSession();
});

afterEach(async () => {
  // A failed flow may leave its dialog open over the page: start the next one from a fresh page.
  if (await connectionDialog(session.page).isVisible()) await session.open();
});

afterAll(async () => {
  await session?.close();
  if (certs) await removeTempDir(certs.dir);
});

/** The demo_reader parameters a user types from the terminal's instructions. */
function reader(extra: { name?: string; password?: string } = {}) {
  const { demo } = session;
  return {
    host: demo.postgres.host,
    port: demo.postgres.port,
    user: demo.roles.reader.name,
    password: extra.password ?? demo.roles.reader.password,
    database: demo.postgres.database,
    ...(extra.name !== undefined && { name: extra.name }),
  };
}

describe('the connection dialog on the demo page', () => {
  it('tests a connection made by parameters with verify-full against the demo CA, then saves and opens it', async () => {
    const { page, demo } = session;
    const dialog = await openNewConnection(page);
    await fillParameters(dialog, reader({ name: 'Shop reader' }));
    await chooseSsl(dialog, 'verify-full', demo.postgres.caCertPath);

    const result = await runTest(dialog);
    await result.getByRole('heading', { name: /^Connection succeeded/ }).waitFor();
    expect(await result.getByRole('heading').first().innerText()).toMatch(/TLSv1\.3, verified/);
    const endpoint = `localhost:${demo.postgres.port}`;
    expect(await stages(result)).toEqual([
      `Resolve host name ${endpoint}: ok`,
      `Open TCP connection ${endpoint} (127.0.0.1): ok`,
      `TLS handshake ${endpoint} (127.0.0.1): ok`,
      `Authenticate ${endpoint} (127.0.0.1): ok`,
      `Session ready ${endpoint} (127.0.0.1): ok`,
      'Server facts: ok',
      'Check privileges: ok',
    ]);

    // The privileges view: the shop tables demo_reader reads through its role demo_analyst, and no more.
    const tables = result.getByRole('region', { name: 'Table privileges' });
    for (const table of ['products', 'orders', 'order_lines']) {
      expect(await tables.getByRole('row', { name: new RegExp(`^shop\\.${table} `) }).getByRole('cell').nth(1).innerText()).toMatch(/via demo_analyst/);
    }
    for (const table of ['payments', 'audit_log']) {
      expect(await tables.getByRole('row', { name: new RegExp(`^shop\\.${table} `) }).getByRole('cell', { name: 'yes' }).count()).toBe(0);
    }
    const can = result.getByRole('list', { name: 'What this role can do' });
    expect(await can.getByRole('listitem').filter({ hasText: 'Read data' }).textContent()).toMatch(/Read data\s*: yes/);
    expect(await can.getByRole('listitem').filter({ hasText: 'Write data' }).textContent()).toMatch(/Write data\s*: no/);
    await session.screenshot('1-test-succeeded');

    await dialog.getByRole('button', { name: 'Save & Connect' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const opened = page.getByRole('region', { name: 'Opened by Save & Connect' });
    await opened.getByText('Shop reader').waitFor();
    // In Saved and in Recent, in the side panel of the next dialog.
    const next = await openNewConnection(page);
    await next.getByRole('region', { name: 'Saved connections' }).getByRole('button', { name: /^Shop reader / }).waitFor();
    await next.getByRole('region', { name: 'Recent connections' }).getByRole('button', { name: /^Shop reader / }).waitFor();
    await session.screenshot('1-saved-and-recent');
    await next.getByRole('button', { name: 'Cancel' }).click();
    await next.waitFor({ state: 'hidden' });
  });

  it('reads a pasted connection string in each format into the Connection details panel', async () => {
    const { page, demo } = session;
    const server = `localhost:${demo.postgres.port}`;
    const { reader: r, admin: a } = demo.roles;
    // Three strings come from the demo page's own Copy buttons, as a visitor would take them; one is typed.
    const samples = [
      { format: 'PostgreSQL URI', copy: 'libpq URI, verify-full with the demo CA', details: { Server: server, User: r.name, Database: 'demo', 'SSL mode': 'verify-full' } },
      { format: 'JDBC URL', copy: 'JDBC URL', details: { Server: server, User: a.name, Database: 'demo' } },
      { format: 'psql command', copy: 'psql command line', details: { Server: server, User: a.name, Database: 'demo' } },
      { format: 'libpq key=value', text: 'host=db.example.com port=5433 user=dave dbname=inventory sslmode=require', details: { Server: 'db.example.com:5433', User: 'dave', Database: 'inventory', 'SSL mode': 'require' } },
    ];
    for (const sample of samples) {
      await grantClipboard(page);
      if (sample.copy) await page.getByRole('button', { name: `Copy ${sample.copy}` }).click();
      const dialog = await openNewConnection(page);
      await dialog.getByRole('tab', { name: 'Connection String' }).click();
      await dialog.getByRole('textbox', { name: 'Connection string' }).click();
      await paste(page, sample.text);
      // The recognised format shows as a badge by the label (the Copy-as select lists the same names).
      await dialog.getByText(sample.format, { exact: true }).and(page.locator(':not(option)')).waitFor();
      await expect.poll(() => connectionDetails(dialog), { timeout: TIMEOUT }).toMatchObject(sample.details);
      if (sample.format === 'psql command') await session.screenshot('2-connection-string-parsed');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
  });

  it('points at the character where a connection string stops making sense', async () => {
    const { page } = session;
    const text = "host='db.example.com user=alice";
    const parsed = parseConnectionString(text);
    if (parsed.ok) throw new Error('the sample should not parse');

    const dialog = await openNewConnection(page);
    await dialog.getByRole('tab', { name: 'Connection String' }).click();
    const input = dialog.getByRole('textbox', { name: 'Connection string' });
    await input.click();
    await paste(page, text);
    const alert = dialog.getByRole('alert').filter({ hasText: `(at character ${parsed.error.position + 1})` });
    await alert.waitFor();
    expect(await alert.innerText()).toContain(parsed.error.message);
    expect(await alert.locator('mark').innerText()).toBe(text.charAt(parsed.error.position));
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await session.screenshot('2-connection-string-error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('switches the header to Edit Connection with the name of a saved connection', async () => {
    const { page } = session;
    const dialog = await openNewConnection(page);
    expect(await dialog.getByRole('heading', { level: 2 }).innerText()).toBe('Connect to PostgreSQL Server');
    await dialog.getByRole('region', { name: 'Saved connections' }).getByRole('button', { name: /^Demo as demo_admin / }).click();
    await dialog.getByRole('heading', { name: 'Demo as demo_admin', level: 2 }).waitFor();
    await dialog.getByText('Edit Connection', { exact: true }).waitFor();
    expect(await dialog.getByLabel('User name', { exact: true }).inputValue()).toBe(session.demo.roles.admin.name);
    await session.screenshot('3-edit-connection');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it("shows PG_AUTH_FAILED's hint for a wrong password", async () => {
    const { page, demo } = session;
    const dialog = await openNewConnection(page);
    await fillParameters(dialog, reader({ password: 'not-the-password' }));
    await chooseSsl(dialog, 'verify-full', demo.postgres.caCertPath);
    const result = await runTest(dialog);
    const alert = result.getByRole('alert');
    await alert.getByText('PG_AUTH_FAILED', { exact: true }).waitFor();
    expect(await alert.innerText()).toContain(errorInfo('PG_AUTH_FAILED').hint);
    expect(await stages(result)).toContain(`Authenticate localhost:${demo.postgres.port} (127.0.0.1): failed`);
    await session.screenshot('5-wrong-password');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it.each([
    { roots: 'the system trust store', rootCert: async () => 'system', screenshot: '6-tls-untrusted-system-roots' },
    { roots: 'another CA', rootCert: async () => (certs ??= await createCerts()).otherCa.certPath, screenshot: '6-tls-untrusted-other-ca' },
  ])("shows TLS_CERT_UNTRUSTED's hint when verify-full checks the server against $roots", async ({ rootCert, screenshot }) => {
    const { page } = session;
    const dialog = await openNewConnection(page);
    await fillParameters(dialog, reader());
    await chooseSsl(dialog, 'verify-full', await rootCert());
    const result = await runTest(dialog);
    const alert = result.getByRole('alert');
    await alert.getByText('TLS_CERT_UNTRUSTED', { exact: true }).waitFor();
    expect(await alert.innerText()).toContain(errorInfo('TLS_CERT_UNTRUSTED').hint);
    expect(await stages(result)).toContain(`TLS handshake localhost:${session.demo.postgres.port} (127.0.0.1): failed`);
    await alert.getByRole('button', { name: 'Open SSL settings' }).waitFor();
    await session.screenshot(screenshot);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
});
