import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './pg-auth-settings.js';
import type { PgAuthSettings } from './pg-auth-settings.js';

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
});
