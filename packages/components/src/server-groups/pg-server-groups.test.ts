import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './pg-server-groups.js';
import type { PgServerGroups } from './pg-server-groups.js';
import type { ProfileListItem, ServerGroup } from '../client/protocol.js';
import { FakeBridgeClient } from '../test-support/fixtures.js';

const $ = <T extends HTMLElement = HTMLElement>(el: PgServerGroups, s: string) => el.shadowRoot!.querySelector<T>(s)!;
const groups: ServerGroup[] = [{ id: 'g1', name: 'Production', description: 'Customer-facing', color: '#d1242f' }];
const profiles: ProfileListItem[] = [
  { id: 'p1', name: 'Orders', host: 'orders.example.com', authType: 'password', scope: 'user', groupId: 'g1', hasPassword: true },
  { id: 'p2', name: 'Scratch', host: 'localhost', authType: 'none', scope: 'user', hasPassword: false },
];

describe('<pg-server-groups>', () => {
  it('shows each group with its color bar, description and connections, and the default group', async () => {
    const el = await fixture<PgServerGroups>(html`<pg-server-groups .groups=${groups} .profiles=${profiles}></pg-server-groups>`);
    const cards = [...el.shadowRoot!.querySelectorAll('[part="group"]')];
    expect(cards.map((c) => c.querySelector('h3')!.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Production · 1 connection', 'Default · 1 connection']);
    expect(getComputedStyle(cards[0]!.querySelector('.bar')!).backgroundColor).to.equal('rgb(209, 36, 47)');
    expect(cards[0]!.textContent).to.contain('Customer-facing');
    await expect(el).to.be.accessible();
  });

  it('creates a group with the keyboard alone', async () => {
    const el = await fixture<PgServerGroups>(html`<pg-server-groups .groups=${groups} .profiles=${profiles}></pg-server-groups>`);
    $<HTMLButtonElement>(el, '#new-group').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('group-name');
    await sendKeys({ type: 'Staging' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Pre-release checks' });
    el.addEventListener('pg-group-save-request', (e) => e.preventDefault());
    const request = oneEvent(el, 'pg-group-save-request');
    await sendKeys({ press: 'Enter' });
    const { group, isNew } = (await request).detail;
    expect(isNew).to.equal(true);
    expect(group).to.include({ name: 'Staging', description: 'Pre-release checks', color: '#2f6fdb' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('new-group');
  });

  it('requires a name, shown as an alert', async () => {
    const el = await fixture<PgServerGroups>(html`<pg-server-groups .groups=${groups}></pg-server-groups>`);
    $<HTMLButtonElement>(el, '#new-group').click();
    await el.updateComplete;
    let requested = false;
    el.addEventListener('pg-group-save-request', () => (requested = true));
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await el.updateComplete;
    expect(requested).to.equal(false);
    expect($(el, '#group-name').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#group-name-error').getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
  });

  it('edits name, description and color through the bridge when the host does not cancel', async () => {
    const client = new FakeBridgeClient().on('groups.list', () => ({ groups })).on('profiles.list', () => ({ profiles })).on('groups.save', (p) => ({ group: p.group }));
    const el = await fixture<PgServerGroups>(html`<pg-server-groups .client=${client}></pg-server-groups>`);
    await waitUntil(() => el.shadowRoot!.querySelector('#edit-g1'));
    $<HTMLButtonElement>(el, '#edit-g1').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const name = $<HTMLInputElement>(el, '#group-name');
    name.value = 'Prod';
    name.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLInputElement>('input[aria-label="Green"]')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await waitUntil(() => client.requestsOf('groups.save').length === 1);
    expect(client.requestsOf('groups.save')[0]).to.deep.equal({ group: { id: 'g1', name: 'Prod', description: 'Customer-facing', color: '#1a7f37' } });
    await waitUntil(() => el.shadowRoot!.querySelector('[part="group"] h3')!.textContent!.startsWith('Prod '));
  });

  it('removes a group after confirmation; its connections move to the default group', async () => {
    const client = new FakeBridgeClient().on('groups.list', () => ({ groups })).on('profiles.list', () => ({ profiles })).on('groups.delete', () => ({ movedProfiles: 1 }));
    const el = await fixture<PgServerGroups>(html`<pg-server-groups .client=${client}></pg-server-groups>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[aria-label="Remove group Production"]'));
    $<HTMLButtonElement>(el, '[aria-label="Remove group Production"]').click();
    await el.updateComplete;
    expect($(el, '.confirm').textContent).to.contain('move to the default group');
    await expect(el).to.be.accessible();
    const request = oneEvent(el, 'pg-group-delete-request');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.confirm button')].find((b) => b.textContent === 'Remove group')!.click();
    expect((await request).detail.group.id).to.equal('g1');
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part="group"]').length === 1);
    expect($(el, '[part="group"] h3').textContent).to.contain('2 connections');
  });
});
