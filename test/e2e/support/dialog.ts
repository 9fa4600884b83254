/**
 * The connection dialog as a user meets it: found by its role and accessible names, filled through its labels.
 * Playwright's role and label locators pierce the elements' open shadow roots.
 */
import type { Locator, Page } from 'playwright-core';

export interface Parameters {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  name?: string;
  group?: string;
}

/** The open connection dialog (the native modal `<dialog>` inside `<pg-connection-dialog>`). */
export function connectionDialog(page: Page): Locator {
  return page.getByRole('dialog').filter({ has: page.getByRole('tablist', { name: 'Connect via' }) });
}

export async function openNewConnection(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection', exact: true }).click();
  const dialog = connectionDialog(page);
  await dialog.waitFor();
  return dialog;
}

export async function fillParameters(dialog: Locator, p: Parameters): Promise<void> {
  await dialog.getByLabel('Server name', { exact: true }).fill(p.host);
  await dialog.getByLabel('Port', { exact: true }).fill(String(p.port));
  await dialog.getByLabel('User name', { exact: true }).fill(p.user);
  await dialog.getByLabel('Password', { exact: true }).fill(p.password);
  await dialog.getByLabel('Database name').fill(p.database);
  if (p.name !== undefined) await dialog.getByLabel('Connection name').fill(p.name);
  if (p.group !== undefined) await dialog.getByLabel('Server group').selectOption({ label: p.group });
}

/**
 * The summary (disclosure button) of an Advanced accordion section: its title, then a short state hint.
 * `within` is the dialog, or the page when the locator is a `has:` filter (those must be page-relative).
 */
export function sectionSummary(within: Locator | Page, section: string): Locator {
  return within.locator('summary').filter({ hasText: new RegExp(`^${section}`) });
}

/** Opens Advanced → a section of its accordion (SSL, SSH Tunnel, …), unless it is open already. */
export async function openAdvancedSection(dialog: Locator, section: string): Promise<Locator> {
  const toggle = dialog.getByRole('button', { name: 'Advanced', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const details = dialog.locator('details').filter({ has: sectionSummary(dialog.page(), section) });
  if ((await details.getAttribute('open')) === null) await sectionSummary(dialog, section).click();
  return details;
}

/** sslmode and root certificate in Advanced → SSL. `rootCert` is a file path, or "system" / "none". */
export async function chooseSsl(dialog: Locator, sslmode: string, rootCert: string): Promise<void> {
  const ssl = await openAdvancedSection(dialog, 'SSL');
  await ssl.getByRole('radio', { name: new RegExp(`^${sslmode}\\b`) }).check();
  const roots = ssl.getByRole('radiogroup', { name: 'Root certificate' });
  if (rootCert === 'system') await roots.getByRole('radio', { name: 'System trust store' }).check();
  else if (rootCert === 'none') await roots.getByRole('radio', { name: 'None' }).check();
  else {
    await roots.getByRole('radio', { name: 'File' }).check();
    await ssl.getByRole('textbox', { name: 'Root certificate' }).fill(rootCert);
  }
}

/** The Test Connection result section, once the test has finished (succeeded or not). */
export async function runTest(dialog: Locator): Promise<Locator> {
  await dialog.getByRole('button', { name: 'Test Connection' }).click();
  return testResult(dialog);
}

export async function testResult(dialog: Locator): Promise<Locator> {
  const heading = dialog.getByRole('heading', { name: /^(Connection succeeded|Could not connect)/ });
  await heading.waitFor();
  return dialog.getByRole('region', { name: /^(Connection succeeded|Could not connect)/ });
}

/**
 * The stage list as its text reads, each stage cut after its status: "TLS handshake localhost:5432 (127.0.0.1):
 * ok" (the detail and the time that follow vary from run to run).
 */
export async function stages(result: Locator): Promise<string[]> {
  const items = await result.getByRole('list', { name: 'Connection stages' }).getByRole('listitem').allTextContents();
  return items.map((text) => {
    const flat = text.replace(/\s+/g, ' ').trim();
    const stage = /^(.*?)\s*: (ok|failed|skipped|running)\b/.exec(flat);
    return stage ? `${stage[1]}: ${stage[2]}` : flat;
  });
}

/** Lets the page's Copy buttons, and `paste()`, use the system clipboard. */
export async function grantClipboard(page: Page): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
}

/**
 * Pastes where the focus is, as a user does, with Ctrl+V: `text` is put on the clipboard first; without it,
 * what is already there (say, from one of the page's Copy buttons) is pasted.
 */
export async function paste(page: Page, text?: string): Promise<void> {
  await grantClipboard(page);
  if (text !== undefined) await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
  await page.keyboard.press('ControlOrMeta+V');
}

/** The Connection details panel: each "term → definition" it shows. */
export async function connectionDetails(dialog: Locator): Promise<Record<string, string>> {
  const panel = dialog.getByRole('complementary', { name: 'Connection details' });
  const terms = await panel.getByRole('term').allInnerTexts();
  const definitions = await panel.getByRole('definition').allInnerTexts();
  return Object.fromEntries(terms.map((term, i) => [term.trim(), (definitions[i] ?? '').trim()]));
}

/** Save & Connect, and the dialog closing once the bridge has opened the connection. */
export async function saveAndConnect(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Save & Connect' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

export async function cancel(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
