/**
 * `<pg-server-groups>` on the demo page, with the connection dialog and a real bridge behind both: groups with
 * a name, description and color, connections assigned to them, removing a group, and everything still there
 * after a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GROUP } from '../../packages/bridge/src/store/groups.js';
import { TIMEOUT } from './support/browser.js';
import { startDemoSession, type DemoSession } from './support/demo-session.js';
import { chooseSsl, connectionDialog, fillParameters, openNewConnection, saveAndConnect } from './support/dialog.js';

let session: DemoSession;
const eventually = { timeout: TIMEOUT };

beforeAll(async () => {
  session = await startDemoSession();
});

afterEach(async () => {
  if (await connectionDialog(session.page).isVisible()) await session.open();
});

afterAll(async () => {
  await session?.close();
});

function serverGroups(page: Page) {
  return page.getByRole('region', { name: 'Server groups' });
}

/** A group's card in the list, found by its heading ("Name · N connections"). */
function groupCard(page: Page, name: string) {
  return serverGroups(page)
    .getByRole('list', { name: 'Server groups' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: new RegExp(`^${name} · `), level: 3 }) });
}

async function createGroup(page: Page, group: { name: string; description: string; color: string }): Promise<void> {
  const groups = serverGroups(page);
  await groups.getByRole('button', { name: 'New group' }).click();
  const form = groups.getByRole('form', { name: 'New server group' });
  await form.getByLabel('Name', { exact: true }).fill(group.name);
  await form.getByLabel('Description').fill(group.description);
  await form.getByRole('radio', { name: group.color }).check();
  await form.getByRole('button', { name: 'Create group' }).click();
  await form.waitFor({ state: 'detached' });
  await groupCard(page, group.name).waitFor();
}

/** The color the group's editor has chosen, read back through the editor as a user would check it. */
async function groupColor(page: Page, name: string): Promise<string | undefined> {
  const groups = serverGroups(page);
  await groups.getByRole('button', { name: `Edit group ${name}` }).click();
  const form = groups.getByRole('form', { name: `Edit ${name}` });
  const radios = await form.getByRole('group', { name: 'Color' }).getByRole('radio').all();
  let checked: string | undefined;
  for (const radio of radios) if (await radio.isChecked()) checked = (await radio.getAttribute('aria-label')) ?? undefined;
  await form.getByRole('button', { name: 'Cancel' }).click();
  await form.waitFor({ state: 'detached' });
  return checked;
}

async function saveConnection(page: Page, name: string, group: string): Promise<void> {
  const { demo } = session;
  const dialog = await openNewConnection(page);
  await fillParameters(dialog, { host: demo.postgres.host, port: demo.postgres.port, user: demo.roles.admin.name, password: demo.roles.admin.password, database: demo.postgres.database, name, group });
  await chooseSsl(dialog, 'verify-full', demo.postgres.caCertPath);
  await saveAndConnect(dialog);
}

async function connectionsIn(page: Page, group: string): Promise<string[]> {
  return groupCard(page, group).getByRole('list').getByRole('button').allInnerTexts();
}

/**
 * The connections in the default group. The page shows two cards for it today: the bridge's built-in group
 * (`DEFAULT_GROUP`, "Servers"), where the bridge moves a removed group's connections, and the element's own
 * "Default" card for connections that name no group, where the element puts them until the page reloads.
 */
async function inDefaultGroup(page: Page): Promise<string[]> {
  return [...(await connectionsIn(page, DEFAULT_GROUP.name)), ...(await connectionsIn(page, 'Default'))];
}

describe('server groups on the demo page', () => {
  it('creates a group, takes a connection into it, and moves the connection to the default group when the group is removed', async () => {
    const { page } = session;
    await createGroup(page, { name: 'Staging', description: 'Pre-production servers', color: 'Purple' });
    const card = groupCard(page, 'Staging');
    expect(await card.getByRole('heading', { level: 3 }).innerText()).toBe('Staging · 0 connections');
    await card.getByText('Pre-production servers', { exact: true }).waitFor();
    expect(await groupColor(page, 'Staging')).toBe('Purple');

    // The dialog asks the bridge for the groups each time it opens: the group made a moment ago is offered at once,
    // next to a single "Default" (the bridge does not list its built-in group).
    const dialog = await openNewConnection(page);
    const picker = dialog.getByLabel('Server group').getByRole('option');
    await expect.poll(() => picker.allInnerTexts(), eventually).toContain('Staging');
    expect((await picker.allInnerTexts()).filter((name) => name === 'Default' || name === DEFAULT_GROUP.name)).toEqual(['Default']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await saveConnection(page, 'Inventory admin', 'Staging');
    await expect.poll(() => connectionsIn(page, 'Staging'), eventually).toEqual(['Inventory admin']);
    expect(await groupCard(page, 'Staging').getByRole('heading', { level: 3 }).innerText()).toBe('Staging · 1 connection');
    await session.screenshot('4-group-with-connection');

    await serverGroups(page).getByRole('button', { name: 'Remove group Staging' }).click();
    const confirm = serverGroups(page).getByRole('alertdialog', { name: 'Remove group Staging' });
    expect(await confirm.innerText()).toContain('Its 1 connections move to the default group.');
    await confirm.getByRole('button', { name: 'Remove group' }).click();
    await card.waitFor({ state: 'detached' });
    expect(await inDefaultGroup(page)).toEqual(['Inventory admin']);
    await session.screenshot('4-group-removed');

    // The bridge moved it too, not only the page.
    await session.open();
    await expect.poll(() => inDefaultGroup(page), eventually).toEqual(['Inventory admin']);
    expect(await groupCard(page, 'Staging').count()).toBe(0);
  });

  it('keeps saved connections, groups and recent connections across a reload', async () => {
    const { page } = session;
    await createGroup(page, { name: 'Analytics', description: 'Reporting replicas', color: 'Teal' });
    await saveConnection(page, 'Demo reporting', 'Demo server');
    await expect.poll(() => connectionsIn(page, 'Demo server'), eventually).toContain('Demo reporting');
    const before = { demo: await connectionsIn(page, 'Demo server'), default: await connectionsIn(page, 'Default') };

    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Bridge connected' }).waitFor();
    await expect.poll(() => connectionsIn(page, 'Demo server'), eventually).toEqual(before.demo);
    expect(await connectionsIn(page, 'Default')).toEqual(before.default);
    await groupCard(page, 'Analytics').getByText('Reporting replicas', { exact: true }).waitFor();
    expect(await groupColor(page, 'Analytics')).toBe('Teal');
    await session.screenshot('8-after-reload-groups');

    const dialog = await openNewConnection(page);
    await dialog.getByRole('region', { name: 'Saved connections' }).getByRole('button', { name: /^Demo reporting / }).waitFor();
    await dialog.getByRole('region', { name: 'Recent connections' }).getByRole('button', { name: /^Demo reporting / }).waitFor();
    expect(await dialog.getByLabel('Server group').getByRole('option').allInnerTexts()).toContain('Analytics');
    await session.screenshot('8-after-reload-dialog');
  });
});
