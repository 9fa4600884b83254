import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { SSLMODE_SEMANTICS } from '@pgconnect/core/ssl/sslmode.js';
import './pg-ssl-settings.js';
import type { PgSslSettings } from './pg-ssl-settings.js';

const $ = <T extends HTMLElement = HTMLElement>(el: PgSslSettings, s: string) => el.shadowRoot!.querySelector<T>(s)!;

describe('<pg-ssl-settings>', () => {
  it('offers the six sslmodes, each with its plain-language summary, and explains the chosen one', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings host="db.example.com"></pg-ssl-settings>`);
    const modes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="sslmode"]')].map((i) => i.value);
    expect(modes).to.deep.equal(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
    expect($(el, '.modes').textContent).to.contain(SSLMODE_SEMANTICS.prefer.summary);
    expect($(el, '#mode-explain').textContent).to.contain('db.example.com');
    await expect(el).to.be.accessible();
  });

  it('emits pg-ssl-change when the user picks a mode, and nothing when the value is set from code', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings></pg-ssl-settings>`);
    let count = 0;
    el.addEventListener('pg-ssl-change', () => count++);
    el.value = { sslmode: 'prefer' };
    await el.updateComplete;
    expect(count).to.equal(0);
    const change = oneEvent(el, 'pg-ssl-change');
    $<HTMLInputElement>(el, '#mode-verify-ca').click();
    const event = await change;
    expect(event.detail.value.sslmode).to.equal('verify-ca');
    expect(event.bubbles && event.composed && !event.cancelable).to.equal(true);
  });

  it('is usable with the keyboard alone: arrow keys move through the modes', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings .value=${{ sslmode: 'prefer' }}></pg-ssl-settings>`);
    $<HTMLInputElement>(el, '#mode-prefer').focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.value.sslmode).to.equal('require');
  });

  it('refuses a weak mode with the system trust store, after interaction, as an alert', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings host="db.example.com"></pg-ssl-settings>`);
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    $<HTMLInputElement>(el, '#mode-require').click();
    await el.updateComplete;
    expect($(el, '#mode-issues [role="alert"]').textContent).to.contain('verify-full');
    expect($(el, 'fieldset').getAttribute('aria-describedby')).to.contain('mode-issues');
  });

  it('takes a root certificate as a file path or pasted PEM', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings .value=${{ sslmode: 'verify-ca' }}></pg-ssl-settings>`);
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="root"][value="pem"]')!.click();
    await el.updateComplete;
    const pem = $<HTMLTextAreaElement>(el, '#root-cert');
    pem.value = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    pem.dispatchEvent(new Event('input'));
    expect(el.value.rootCert).to.deep.equal({ pem: pem.value });
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="root"][value="path"]')!.click();
    await el.updateComplete;
    const path = $<HTMLInputElement>(el, '#root-cert');
    path.value = '/etc/ssl/rds-ca.pem';
    path.dispatchEvent(new Event('input'));
    expect(el.value.rootCert).to.deep.equal({ path: '/etc/ssl/rds-ca.pem' });
  });

  it('asks for the client certificate and key together', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings></pg-ssl-settings>`);
    const toggle = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((c) => c.parentElement!.textContent!.includes('client certificate'))!;
    toggle.click();
    await el.updateComplete;
    expect(el.value.clientCert).to.deep.equal({ path: '' });
    expect(el.value.clientKey).to.deep.equal({ path: '' });
    expect($(el, '#client-cert-error [role="alert"]').textContent).to.contain('Choose a file');
    toggle.click();
    await el.updateComplete;
    expect(el.value.clientCert).to.equal(undefined);
    expect(el.value.clientKey).to.equal(undefined);
  });

  it('hides file paths when the bridge cannot read files', async () => {
    const el = await fixture<PgSslSettings>(html`<pg-ssl-settings no-file-paths></pg-ssl-settings>`);
    expect(el.shadowRoot!.querySelector('input[name="root"][value="path"]')).to.equal(null);
  });

  it('works inside a native <form>: submits its value as JSON and resets', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><pg-ssl-settings name="ssl" .value=${{ sslmode: 'verify-full', rootCert: 'system' }}></pg-ssl-settings></form>`);
    const el = form.querySelector('pg-ssl-settings')!;
    await el.updateComplete;
    expect(JSON.parse(String(new FormData(form).get('ssl')))).to.deep.equal({ sslmode: 'verify-full', rootCert: 'system' });
    $<HTMLInputElement>(el, '#mode-disable').click();
    await el.updateComplete;
    expect(JSON.parse(String(new FormData(form).get('ssl'))).sslmode).to.equal('disable');
    form.reset();
    await el.updateComplete;
    expect(el.value.sslmode).to.equal('verify-full');
  });

  it('follows a dark theme set on an ancestor element', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div style="--pg-color-bg:#000;--pg-color-fg:#fff"><pg-ssl-settings></pg-ssl-settings></div>`);
    const el = wrapper.querySelector('pg-ssl-settings')!;
    expect(getComputedStyle(el).color).to.equal('rgb(255, 255, 255)');
  });
});
