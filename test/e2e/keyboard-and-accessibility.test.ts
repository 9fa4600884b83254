/**
 * The connection dialog used with the keyboard alone (Tab, Enter, Space and the arrow keys; typing into the
 * fields), and axe-core's check of the dialog as it stands in the live demo page.
 */
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSession, type DemoSession } from './support/demo-session.js';
import { chooseSsl, connectionDialog, fillParameters, openAdvancedSection, openNewConnection, paste, runTest, sectionSummary, testResult } from './support/dialog.js';
import { arrowTo, isFocused, tabTo } from './support/keyboard.js';

/** axe-core is served from the page's own origin, next to the bundle, so the page's CSP stays as strict as ever. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let session: DemoSession;

beforeAll(async () => {
  session = await startDemoSession({ extraAssets: [AXE] });
});

afterEach(async () => {
  if (await connectionDialog(session.page).isVisible()) await session.open();
});

afterAll(async () => {
  await session?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  /** Each offending node as axe names it: a JSON array of selectors, one per shadow root crossed. */
  targets: string[];
}

/** axe-core's violations inside the connection dialog's native `<dialog>` (in the element's shadow root). */
async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ url: '/assets/axe.min.js' });
  const violations: Violation[] = await page.evaluate(`(async () => {
    const result = await window.axe.run({ include: [{ fromShadowDom: ['pg-connection-dialog', 'dialog'] }] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  })()`);
  return violations;
}

async function type(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(field);
  await page.keyboard.type(text);
}

describe('the connection dialog with the keyboard alone', () => {
  it('creates, verifies, tests and saves a connection without the mouse', async () => {
    const { page, demo } = session;
    const opener = page.getByRole('button', { name: 'New connection', exact: true });
    await tabTo(opener);
    await page.keyboard.press('Enter');
    const dialog = connectionDialog(page);
    await dialog.waitFor();
    // The dialog opens with the focus in its first field.
    const host = dialog.getByLabel('Server name', { exact: true });
    expect(await isFocused(host)).toBe(true);
    await page.keyboard.type(demo.postgres.host);
    await type(page, dialog.getByLabel('Port', { exact: true }), String(demo.postgres.port));
    await type(page, dialog.getByLabel('User name', { exact: true }), demo.roles.reader.name);
    await type(page, dialog.getByLabel('Password', { exact: true }), demo.roles.reader.password);
    await type(page, dialog.getByLabel('Database name'), demo.postgres.database);
    await type(page, dialog.getByLabel('Connection name'), 'Keyboard reader');

    // Advanced → SSL: verify-full with the demo CA as a file. The drawer opens above the footer, so Shift+Tab
    // walks back into it from the Advanced button.
    const advanced = dialog.getByRole('button', { name: 'Advanced', exact: true });
    await tabTo(advanced);
    await page.keyboard.press('Enter');
    expect(await advanced.getAttribute('aria-expanded')).toBe('true');
    await tabTo(sectionSummary(dialog, 'SSL'), { backward: true });
    await page.keyboard.press('Enter');
    const modes = dialog.getByRole('group', { name: 'SSL mode' });
    await modes.waitFor();
    await tabTo(modes.getByRole('radio', { checked: true }));
    await arrowTo(modes.getByRole('radio', { name: /^verify-full\b/ }), 'ArrowDown');
    const roots = dialog.getByRole('radiogroup', { name: 'Root certificate' });
    await tabTo(roots.getByRole('radio', { checked: true }));
    await arrowTo(roots.getByRole('radio', { name: 'File' }));
    await type(page, dialog.getByRole('textbox', { name: 'Root certificate' }), demo.postgres.caCertPath);

    const test = dialog.getByRole('button', { name: /^(Test Connection|Testing…)$/ });
    await tabTo(test);
    await page.keyboard.press('Enter');
    // The button stays focusable while the test runs (aria-disabled), so the focus never drops to the page.
    expect(await isFocused(test)).toBe(true);
    const result = await testResult(dialog);
    await result.getByRole('heading', { name: /^Connection succeeded.*TLSv1\.3, verified/ }).waitFor();
    expect(await isFocused(test)).toBe(true);
    await session.screenshot('keyboard-test-succeeded');

    await tabTo(dialog.getByRole('button', { name: 'Save & Connect' }));
    await page.keyboard.press('Space');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Opened by Save & Connect' }).getByText('Keyboard reader').waitFor();
    // Closing gives the focus back to the button that opened the dialog.
    expect(await isFocused(opener)).toBe(true);
    await session.screenshot('keyboard-saved');
  });
});

describe('the connection dialog under axe-core', () => {
  it('has no violations when it opens', async () => {
    await openNewConnection(session.page);
    expect(await axeViolations(session.page)).toEqual([]);
  });

  it('has no violations with the Advanced drawer, the SSL section and a successful test with its privileges', async () => {
    const { page, demo } = session;
    const dialog = await openNewConnection(page);
    await fillParameters(dialog, { host: demo.postgres.host, port: demo.postgres.port, user: demo.roles.reader.name, password: demo.roles.reader.password, database: demo.postgres.database });
    await chooseSsl(dialog, 'verify-full', demo.postgres.caCertPath);
    await openAdvancedSection(dialog, 'SSH Tunnel');
    const result = await runTest(dialog);
    await result.getByRole('region', { name: 'Table privileges' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violations on the Connection String tab showing a parse error', async () => {
    const { page } = session;
    const dialog = await openNewConnection(page);
    await dialog.getByRole('tab', { name: 'Connection String' }).click();
    await dialog.getByRole('textbox', { name: 'Connection string' }).click();
    await paste(page, 'host=localhost port');
    await dialog.getByRole('alert').filter({ hasText: 'at character' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no violations after a failed test with its hint', async () => {
    const { page, demo } = session;
    const dialog = await openNewConnection(page);
    await fillParameters(dialog, { host: demo.postgres.host, port: demo.postgres.port, user: demo.roles.reader.name, password: 'wrong', database: demo.postgres.database });
    await runTest(dialog);
    await dialog.getByRole('heading', { name: /^Could not connect/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
