import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './pg-ssh-settings.js';
import type { PgSshSettings } from './pg-ssh-settings.js';

const $ = <T extends HTMLElement = HTMLElement>(el: PgSshSettings, s: string) => el.shadowRoot!.querySelector<T>(s)!;

function change(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('change'));
}

async function enabled(): Promise<PgSshSettings> {
  const el = await fixture<PgSshSettings>(html`<pg-ssh-settings></pg-ssh-settings>`);
  $<HTMLInputElement>(el, '#enabled').click();
  await el.updateComplete;
  return el;
}

describe('<pg-ssh-settings>', () => {
  it('shows only the switch while the tunnel is off', async () => {
    const el = await fixture<PgSshSettings>(html`<pg-ssh-settings></pg-ssh-settings>`);
    expect(el.shadowRoot!.querySelectorAll('input')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('asks for host, port, user and authentication once enabled', async () => {
    const el = await enabled();
    for (const id of ['host', 'port', 'user', 'knownHostKey']) expect($(el, `#${id}`), id).not.to.equal(null);
    expect($<HTMLInputElement>(el, '#port').value).to.equal('22');
    await expect(el).to.be.accessible();
  });

  it('switches between agent, private key (path or pasted, with passphrase) and password', async () => {
    const el = await enabled();
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="ssh-auth"][value="privateKey"]')!.click();
    await el.updateComplete;
    expect(el.value.auth).to.deep.equal({ type: 'privateKey', key: { path: '' }, savePassphrase: false });
    const secret = oneEvent(el, 'pg-ssh-change');
    const passphrase = $<HTMLInputElement>(el, '#passphrase');
    passphrase.value = 'open sesame';
    passphrase.dispatchEvent(new Event('input'));
    expect((await secret).detail.secret).to.equal('open sesame');
    expect(JSON.stringify(el.value)).not.to.contain('open sesame');
    el.shadowRoot!.querySelector<HTMLSelectElement>('.pem-head select')!.value = 'pem';
    el.shadowRoot!.querySelector<HTMLSelectElement>('.pem-head select')!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($(el, '#key').tagName).to.equal('TEXTAREA');
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="ssh-auth"][value="password"]')!.click();
    await el.updateComplete;
    expect($(el, '#ssh-password')).not.to.equal(null);
  });

  it('validates the pinned host key fingerprint after it was entered', async () => {
    const el = await enabled();
    change($<HTMLInputElement>(el, '#knownHostKey'), 'ssh-ed25519 AAAA');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#knownHostKey').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#knownHostKey-issues').textContent).to.contain('SHA256:');
    change($<HTMLInputElement>(el, '#knownHostKey'), `SHA256:${'A'.repeat(43)}`);
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#knownHostKey').getAttribute('aria-invalid')).to.equal('false');
  });

  it('keeps an ordered chain of jump hosts that can be added, reordered and removed', async () => {
    const el = await enabled();
    $<HTMLButtonElement>(el, '#add-hop').click();
    await el.updateComplete;
    change($<HTMLInputElement>(el, '#hop-0-host'), 'bastion-a');
    $<HTMLButtonElement>(el, '#add-hop').click();
    await el.updateComplete;
    change($<HTMLInputElement>(el, '#hop-1-host'), 'bastion-b');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('hop-1-host');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Move jump host 2 up"]')!.click();
    await el.updateComplete;
    expect(el.value.jumpHosts!.map((h) => h.host)).to.deep.equal(['bastion-b', 'bastion-a']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Remove jump host 1"]')!.click();
    await el.updateComplete;
    expect(el.value.jumpHosts!.map((h) => h.host)).to.deep.equal(['bastion-a']);
    await expect(el).to.be.accessible();
  });

  it('works inside a native <form>, without the secret', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><pg-ssh-settings name="ssh"></pg-ssh-settings></form>`);
    const el = form.querySelector('pg-ssh-settings')!;
    $<HTMLInputElement>(el, '#enabled').click();
    await el.updateComplete;
    change($<HTMLInputElement>(el, '#host'), 'bastion.example.com');
    await el.updateComplete;
    expect(JSON.parse(String(new FormData(form).get('ssh')))).to.include({ enabled: true, host: 'bastion.example.com' });
    form.reset();
    await el.updateComplete;
    expect(el.value.enabled).to.equal(false);
  });
});
