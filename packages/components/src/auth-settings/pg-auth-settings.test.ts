import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import './pg-auth-settings.js';
import type { PgAuthSettings } from './pg-auth-settings.js';
import type { EntraAccount } from '../client/protocol.js';
import { FakeBridgeClient, provideClient } from '../test-support/fixtures.js';

const $ = <T extends HTMLElement = HTMLElement>(el: PgAuthSettings, s: string) => el.shadowRoot!.querySelector<T>(s)!;

async function choose(el: PgAuthSettings, type: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, '#type');
  select.value = type;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

describe('<pg-auth-settings>', () => {
  it('offers Password, Entra Auth, AWS IAM (RDS/Aurora) and None', async () => {
    const el = await fixture<PgAuthSettings>(html`<pg-auth-settings></pg-auth-settings>`);
    expect([...$<HTMLSelectElement>(el, '#type').options].map((o) => o.textContent)).to.deep.equal(['Password', 'Entra Auth', 'AWS IAM (RDS/Aurora)', 'None']);
    await expect(el).to.be.accessible();
  });

  it('keeps the password out of the value and reports it in the event', async () => {
    const el = await fixture<PgAuthSettings>(html`<pg-auth-settings></pg-auth-settings>`);
    const change = oneEvent(el, 'pg-auth-change');
    const password = $<HTMLInputElement>(el, '#password');
    password.value = 'hunter2';
    password.dispatchEvent(new Event('input'));
    const event = await change;
    expect(event.detail.password).to.equal('hunter2');
    expect(JSON.stringify(event.detail.value)).not.to.contain('hunter2');
  });

  it('reveals the password with a toggle button', async () => {
    const el = await fixture<PgAuthSettings>(html`<pg-auth-settings></pg-auth-settings>`);
    $<HTMLButtonElement>(el, '.reveal').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#password').type).to.equal('text');
    expect($(el, '.reveal').getAttribute('aria-pressed')).to.equal('true');
  });

  it('lists Entra accounts and fills the tenant from the chosen one', async () => {
    const accounts = [
      { accountId: 'a1', username: 'alice@contoso.com', tenantId: '11111111-1111-1111-1111-111111111111' },
      { accountId: 'a2', username: 'alice@fabrikam.com', tenantId: '22222222-2222-2222-2222-222222222222' },
    ];
    const el = await fixture<PgAuthSettings>(html`<pg-auth-settings .accounts=${accounts}></pg-auth-settings>`);
    await choose(el, 'entra');
    const select = $<HTMLSelectElement>(el, '#account');
    select.value = 'a2';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(el.value).to.deep.include({ type: 'entra', account: 'a2', tenant: '22222222-2222-2222-2222-222222222222' });
    await expect(el).to.be.accessible();
  });

  it('infers the AWS region from an RDS host and shows it as the placeholder', async () => {
    const el = await fixture<PgAuthSettings>(html`<pg-auth-settings host="orders.cluster-c8x1.ap-southeast-2.rds.amazonaws.com"></pg-auth-settings>`);
    await choose(el, 'awsIam');
    expect($<HTMLInputElement>(el, '#region').placeholder).to.equal('ap-southeast-2 (from the server name)');
    expect($<HTMLInputElement>(el, '#profile').placeholder).to.equal('Default credential chain');
  });

  it('shows the issues its parent passes, wired to the field', async () => {
    const el = await fixture<PgAuthSettings>(html`<pg-auth-settings .issues=${[{ field: 'auth.user', code: 'USER_REQUIRED', message: 'Enter the user name.', severity: 'error' }]}></pg-auth-settings>`);
    const user = $<HTMLInputElement>(el, '#user');
    expect(user.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById(user.getAttribute('aria-describedby')!)!.textContent).to.contain('Enter the user name.');
  });

  it('works inside a native <form>', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><pg-auth-settings name="auth"></pg-auth-settings></form>`);
    const el = form.querySelector('pg-auth-settings')!;
    await choose(el, 'none');
    expect(JSON.parse(String(new FormData(form).get('auth')))).to.deep.equal({ type: 'none' });
    form.reset();
    await el.updateComplete;
    expect(el.value.type).to.equal('password');
  });

  describe('with a bridge client', () => {
    const alice: EntraAccount = { accountId: 'oid-1.tid-1', username: 'alice@contoso.com', tenantId: '11111111-1111-1111-1111-111111111111' };

    /** The element inside a provider, as the dialog hosts it: the client arrives through context. */
    async function withClient(client: FakeBridgeClient, type: string): Promise<PgAuthSettings> {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      provideClient(host, client);
      const el = document.createElement('pg-auth-settings');
      host.append(el);
      await el.updateComplete;
      await choose(el, type);
      return el;
    }

    it('fills the AWS profile dropdown from aws.profiles.list and suggests the profile\'s region', async () => {
      const client = new FakeBridgeClient().on('aws.profiles.list', () => ({
        profiles: [
          { name: 'default', region: 'eu-west-1', sso: false },
          { name: 'prod-sso', region: 'us-east-2', sso: true },
        ],
        defaultRegion: 'eu-west-1',
      }));
      const el = await withClient(client, 'awsIam');
      await waitUntil(() => el.shadowRoot!.querySelector('select#profile'));
      const select = $<HTMLSelectElement>(el, 'select#profile');
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Default credential chain', 'default (eu-west-1)', 'prod-sso (us-east-2) · SSO']);
      select.value = 'prod-sso';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect(el.value).to.deep.include({ type: 'awsIam', profile: 'prod-sso' });
      expect($<HTMLInputElement>(el, '#region').placeholder).to.equal('us-east-2 (from the AWS profile)');
      await expect(el).to.be.accessible();
    });

    it('lists the signed-in Entra accounts from the bridge', async () => {
      const client = new FakeBridgeClient().on('entra.accounts.list', () => ({ accounts: [alice] }));
      const el = await withClient(client, 'entra');
      await waitUntil(() => el.shadowRoot!.querySelector('select#account'));
      expect([...$<HTMLSelectElement>(el, '#account').options].map((o) => o.value)).to.deep.equal(['', alice.accountId]);
    });

    it('adds an Entra account with a device code: shows the code, a copy button, the link and a countdown', async () => {
      let finish: (() => void) | undefined;
      const client = new FakeBridgeClient()
        .on('entra.accounts.list', () => ({ accounts: [] }))
        .on('entra.accounts.add', () => new Promise((resolve) => (finish = () => resolve({ account: alice }))));
      const el = await withClient(client, 'entra');
      $<HTMLButtonElement>(el, '[data-flow="deviceCode"]').click();
      await waitUntil(() => client.last('entra.accounts.add'));
      const sent = client.last('entra.accounts.add')!;
      expect(sent.params).to.deep.equal({ flow: 'deviceCode' });
      client.push('event.entra.deviceCode', {
        requestId: sent.options!.id!,
        userCode: 'F7QK-9XZT',
        verificationUri: 'https://microsoft.com/devicelogin',
        expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      });
      await waitUntil(() => el.shadowRoot!.querySelector('[part="device-code"]'));
      const panel = $(el, '[part="device-code"]');
      expect(panel.querySelector('.user-code')!.textContent).to.equal('F7QK-9XZT');
      expect(panel.querySelector('a')!.getAttribute('href')).to.equal('https://microsoft.com/devicelogin');
      expect(panel.querySelector('a')!.getAttribute('rel')).to.contain('noopener');
      expect(panel.querySelector('[role="timer"]')!.textContent).to.match(/expires in 1[45]:\d\d/);
      expect([...panel.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Copy code', 'Cancel']);
      await expect(el).to.be.accessible();
      const change = oneEvent(el, 'pg-auth-change');
      finish!();
      const event = await change;
      expect(event.detail.value).to.deep.include({ type: 'entra', account: alice.accountId, tenant: alice.tenantId });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="device-code"]')).to.equal(null);
      expect($<HTMLSelectElement>(el, '#account').value).to.equal(alice.accountId);
    });

    it('stops waiting for the device-code sign-in on Cancel', async () => {
      const client = new FakeBridgeClient()
        .on('entra.accounts.list', () => ({ accounts: [] }))
        .on('entra.accounts.add', () => new Promise(() => undefined));
      const el = await withClient(client, 'entra');
      $<HTMLButtonElement>(el, '[data-flow="deviceCode"]').click();
      await waitUntil(() => client.last('entra.accounts.add'));
      const { options } = client.last('entra.accounts.add')!;
      client.push('event.entra.deviceCode', { requestId: options!.id!, userCode: 'ABCD-EFGH', verificationUri: 'https://microsoft.com/devicelogin', expiresAt: new Date(Date.now() + 60_000).toISOString() });
      await waitUntil(() => el.shadowRoot!.querySelector('[part="device-code"]'));
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="device-code"] button')].find((b) => b.textContent!.includes('Cancel'))!.click();
      await el.updateComplete;
      expect(options!.signal!.aborted).to.equal(true);
      expect(el.shadowRoot!.querySelector('[part="device-code"]')).to.equal(null);
      expect($<HTMLButtonElement>(el, '[data-flow="deviceCode"]').disabled).to.equal(false);
    });

    it('offers the browser sign-in only when the bridge runs on this machine', async () => {
      const client = new FakeBridgeClient().on('entra.accounts.list', () => ({ accounts: [] }));
      const el = await withClient(client, 'entra');
      expect(el.shadowRoot!.querySelector('[data-flow="authCode"]')).to.not.equal(null);
      client.info = { bridgeVersion: 'fake', capabilities: [], mode: 'server' };
      el.requestUpdate();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-flow="authCode"]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[data-flow="deviceCode"]')).to.not.equal(null);
    });

    it('offers the popup sign-in only where the bridge cannot open a browser and the page has an app registration', async () => {
      const client = new FakeBridgeClient().on('entra.accounts.list', () => ({ accounts: [] }));
      client.info = { bridgeVersion: 'fake', capabilities: ['entra'], mode: 'local' };
      const el = await withClient(client, 'entra');
      const popup = () => el.shadowRoot!.querySelector('[data-flow="popup"]');
      el.entraPopup = { clientId: '0d3c7f4e-1b2a-4c5d-8e9f-a0b1c2d3e4f5' };
      await el.updateComplete;
      expect(popup(), 'local bridge with Entra: it opens the browser itself').to.equal(null);
      client.info = { bridgeVersion: 'fake', capabilities: ['entra'], mode: 'server' };
      el.requestUpdate();
      await el.updateComplete;
      expect(popup()?.textContent).to.contain('Sign in with Microsoft (popup)');
      el.entraPopup = undefined;
      await el.updateComplete;
      expect(popup(), 'no app registration, no popup').to.equal(null);
      expect(el.entraToken).to.equal(undefined);
    });

    it('shows when the cloud token expires', async () => {
      const el = await fixture<PgAuthSettings>(html`<pg-auth-settings .tokenExpiresAt=${'2030-01-01T12:34:00.000Z'}></pg-auth-settings>`);
      await choose(el, 'awsIam');
      expect($(el, '.token').textContent).to.contain('Token valid until');
    });
  });
});
