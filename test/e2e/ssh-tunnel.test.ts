/**
 * Test Connection through an SSH tunnel from the demo page: a real OpenSSH sshd from the harness in front of the
 * demo's PostgreSQL, the first-use host key prompt answered in the dialog, and the test run through the tunnel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../harness/index.js';
import { startDemoSession, type DemoSession } from './support/demo-session.js';
import { chooseSsl, fillParameters, openAdvancedSection, openNewConnection, saveAndConnect, stages, testResult } from './support/dialog.js';

let session: DemoSession;
let sshd: Sshd;

beforeAll(async () => {
  [session, sshd] = await Promise.all([startDemoSession(), startSshd()]);
});

afterAll(async () => {
  // The bridge first: stopping sshd under an open tunnel would only make it log the lost tunnel and reconnect.
  await session?.close();
  await sshd?.stop();
});

describe('an SSH tunnel from the demo page', () => {
  it('asks to trust the SSH host key on first use, then tests the connection through the tunnel', async () => {
    const { page, demo } = session;
    const dialog = await openNewConnection(page);
    // Server name is the database as the SSH host sees it: the demo's PostgreSQL on the same machine.
    await fillParameters(dialog, { host: demo.postgres.host, port: demo.postgres.port, user: demo.roles.reader.name, password: demo.roles.reader.password, database: demo.postgres.database, name: 'Reader through SSH' });
    await chooseSsl(dialog, 'verify-full', demo.postgres.caCertPath);

    const ssh = await openAdvancedSection(dialog, 'SSH Tunnel');
    await ssh.getByRole('checkbox', { name: 'Connect through an SSH tunnel' }).check();
    await ssh.getByLabel('SSH host').fill(sshd.host);
    await ssh.getByLabel('Port', { exact: true }).fill(String(sshd.port));
    await ssh.getByLabel('SSH user').fill(sshd.user.name);
    const password = sshd.user.password;
    if (password === undefined) throw new Error('sshd takes passwords only when the tests run as root (see test/harness/README.md)');
    await ssh.getByRole('radiogroup', { name: 'SSH authentication' }).getByRole('radio', { name: 'Password' }).check();
    await ssh.getByLabel('SSH password').fill(password);
    const pinned = ssh.getByLabel('Host key fingerprint');
    expect(await pinned.inputValue()).toBe('');

    await dialog.getByRole('button', { name: 'Test Connection' }).click();
    const prompt = page.getByRole('dialog', { name: 'Trust this SSH host key?' });
    await prompt.waitFor();
    const facts = await prompt.getByRole('definition').allInnerTexts();
    expect(facts[0]).toBe(`${sshd.host}:${sshd.port}`);
    const fingerprint = facts[2] ?? '';
    expect(Object.values(sshd.hostKeyFingerprints())).toContain(fingerprint);
    await session.screenshot('7-ssh-host-key-prompt');
    await prompt.getByRole('button', { name: 'Trust and continue' }).click();
    await prompt.waitFor({ state: 'hidden' });

    const result = await testResult(dialog);
    await result.getByRole('heading', { name: /^Connection succeeded.*verified/ }).waitFor();
    const through = await stages(result);
    expect(through.some((stage) => stage.startsWith('SSH tunnel') && stage.endsWith(': ok'))).toBe(true);
    // The trusted key is pinned in the connection, so the next connection checks it without asking.
    expect(await pinned.inputValue()).toBe(fingerprint);
    await session.screenshot('7-ssh-test-succeeded');

    await saveAndConnect(dialog);
    await page.getByRole('region', { name: 'Opened by Save & Connect' }).getByText('Reader through SSH').waitFor();
    expect(await page.getByRole('dialog', { name: 'Trust this SSH host key?' }).count()).toBe(0);
  });
});
