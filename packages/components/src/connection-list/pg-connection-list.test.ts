import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { createProfile } from '@pgconnect/core/profile/defaults.js';
import './pg-connection-list.js';
import type { PgConnectionList } from './pg-connection-list.js';
import type { ProfileListItem } from '../client/protocol.js';
import { FakeBridgeClient, provideClient } from '../test-support/fixtures.js';

const saved: ProfileListItem[] = [
  { id: 'p1', name: 'Production', host: 'prod.example.com', database: 'app', user: 'app', authType: 'password', scope: 'user', groupId: 'g1', hasPassword: true },
  { id: 'p2', name: '', host: 'localhost', port: 5433, user: 'postgres', authType: 'password', scope: 'user', hasPassword: false },
];
const recent = [{ id: 'r1', lastUsedAt: '2026-01-01T00:00:00.000Z', profile: createProfile({ hosts: [{ host: 'neon.example.com' }], auth: { type: 'password', user: 'ann', savePassword: false } }) }];

describe('<pg-connection-list>', () => {
  it('lists saved and recent connections with their target and group color', async () => {
    const el = await fixture<PgConnectionList>(html`<pg-connection-list .saved=${saved} .recent=${recent} .groups=${[{ id: 'g1', name: 'Prod', color: '#d1242f' }]}></pg-connection-list>`);
    const names = [...el.shadowRoot!.querySelectorAll('.name')].map((n) => n.textContent);
    expect(names).to.deep.equal(['Production', 'localhost', 'neon.example.com']);
    expect(el.shadowRoot!.querySelector('.detail')!.textContent).to.equal('app@prod.example.com/app');
    expect(getComputedStyle(el.shadowRoot!.querySelector('.bar')!).backgroundColor).to.equal('rgb(209, 36, 47)');
    await expect(el).to.be.accessible();
  });

  it('emits pg-profile-select when a card is chosen', async () => {
    const el = await fixture<PgConnectionList>(html`<pg-connection-list .saved=${saved} .recent=${recent}></pg-connection-list>`);
    const select = oneEvent(el, 'pg-profile-select');
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="recent"] .select')[0]!.click();
    const event = await select;
    expect(event.detail.list).to.equal('recent');
    expect('hosts' in event.detail.profile).to.equal(true);
  });

  it('reveals the delete button on focus, and asks before deleting', async () => {
    const client = new FakeBridgeClient();
    const el = await fixture<PgConnectionList>(html`<pg-connection-list .client=${client} .saved=${saved} .recent=${recent}></pg-connection-list>`);
    const remove = el.shadowRoot!.querySelector<HTMLButtonElement>('.remove')!;
    expect(getComputedStyle(remove).opacity).to.equal('0');
    remove.focus();
    expect(getComputedStyle(remove).opacity).to.equal('1');
    expect(remove.getAttribute('aria-label')).to.equal('Delete saved connection Production');
    el.addEventListener('pg-profile-delete-request', (e) => e.preventDefault(), { once: true });
    const request = oneEvent(el, 'pg-profile-delete-request');
    remove.click();
    expect((await request).detail).to.deep.equal({ id: 'p1', name: 'Production', list: 'saved' });
    expect(client.requests).to.have.length(0);
  });

  it('loads its lists from the bridge given through context, and deletes through it', async () => {
    const client = new FakeBridgeClient()
      .on('profiles.list', () => ({ profiles: saved }))
      .on('recent.list', () => ({ entries: recent }))
      .on('recent.remove', () => ({}));
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    provideClient(host, client);
    const el = document.createElement('pg-connection-list');
    host.append(el);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.select').length === 3);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="recent"] .remove')!.click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.select').length === 2);
    expect(client.requestsOf('recent.remove')).to.deep.equal([{ entryId: 'r1' }]);
  });

  it('shows a failure as an alert and a pg-error event', async () => {
    const client = new FakeBridgeClient().on('profiles.list', () => Promise.reject(new Error('store is locked'))).on('recent.list', () => ({ entries: [] }));
    const el = document.createElement('pg-connection-list');
    el.client = client;
    const error = oneEvent(el, 'pg-error');
    document.body.append(el);
    expect((await error).detail.message).to.equal('store is locked');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('store is locked');
    el.remove();
  });
});
