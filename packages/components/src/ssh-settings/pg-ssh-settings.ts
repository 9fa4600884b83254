import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PgSshChangeEvent } from '../events/pg-ssh-change.js';
import { createProfile } from '../internal/core.js';
import type { SshAuth, SshJumpHost, SshSettings, ValidationIssue } from '../internal/core.js';

export { DEFAULT_SSH };
import { icons } from '../internal/icons.js';
import { DEFAULT_SSH } from './defaults.js';
import { FormSettingsElement } from '../internal/form-settings.js';
import { describedBy, hasError, issuesFor, renderIssues } from '../internal/issues.js';
import { renderPemSource } from '../internal/pem-source.js';
import { pemSourceStyles } from '../internal/pem-source.styles.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import styles from './pg-ssh-settings.styles.js';

/**
 * @summary An SSH tunnel: host, port, user, authentication (password, private key file or pasted key with
 * passphrase, or the SSH agent), a pinned host key fingerprint and an ordered chain of jump hosts.
 *
 * Inside a `<form>` it submits its value as JSON under `name` (the secret is never part of it).
 *
 * @event pg-ssh-change - The user changed a setting. `detail.value` is the new `SshSettings`; `detail.secret`
 *   the password or passphrase when one was typed.
 * @csspart jump-hosts - The list of jump hosts.
 * @cssprop --pg-ssh-settings-port-width - Width of the port fields.
 */
@customElement('pg-ssh-settings')
export class PgSshSettings extends FormSettingsElement<SshSettings> {
  static override styles = [tokens, themes, vscodeTheme, controls, pemSourceStyles, styles];

  @property({ attribute: false }) value: SshSettings = DEFAULT_SSH;
  /** The SSH password or key passphrase typed so far; never part of `value`. */
  @property({ attribute: false }) secret = '';
  /** A secret for this tunnel is already saved. */
  @property({ attribute: 'has-secret', type: Boolean }) hasSecret = false;
  @property({ attribute: 'no-file-paths', type: Boolean }) noFilePaths = false;

  override formResetCallback(): void {
    super.formResetCallback();
    this.secret = '';
  }

  #change(patch: Partial<SshSettings>, secret?: string): void {
    const next: SshSettings = { ...this.value, ...patch };
    if (next.knownHostKey === '') delete next.knownHostKey;
    if (next.jumpHosts?.length === 0) delete next.jumpHosts;
    this.value = next;
    if (secret !== undefined) this.secret = secret;
    this.touched = true;
    this.dispatchEvent(new PgSshChangeEvent({ value: next, ...(this.secret ? { secret: this.secret } : {}) }));
  }

  #text(key: 'host' | 'user' | 'knownHostKey') {
    return (e: Event) => this.#change({ [key]: (e.target as HTMLInputElement).value.trim() });
  }

  #onPort(e: Event): void {
    const raw = (e.target as HTMLInputElement).value;
    this.#change({ port: raw === '' ? 22 : Number(raw) });
  }

  #onAuthType(e: Event): void {
    const type = (e.target as HTMLInputElement).value as SshAuth['type'];
    const auth: SshAuth =
      type === 'password' ? { type, savePassword: false } : type === 'privateKey' ? { type, key: this.noFilePaths ? { pem: '' } : { path: '' }, savePassphrase: false } : { type: 'agent' };
    this.#change({ auth }, '');
  }

  #hop(index: number, patch: Partial<SshJumpHost>): void {
    const hops = [...(this.value.jumpHosts ?? [])];
    const current = hops[index];
    if (!current) return;
    hops[index] = { ...current, ...patch };
    this.#change({ jumpHosts: hops });
  }

  #addHop(): void {
    this.#change({ jumpHosts: [...(this.value.jumpHosts ?? []), { host: '', port: 22, user: this.value.user, auth: { type: 'agent' } }] });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`#hop-${(this.value.jumpHosts?.length ?? 1) - 1}-host`)?.focus());
  }

  #removeHop(index: number): void {
    this.#change({ jumpHosts: (this.value.jumpHosts ?? []).filter((_, i) => i !== index) });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('#add-hop')?.focus());
  }

  #moveHop(index: number): void {
    const hops = [...(this.value.jumpHosts ?? [])];
    const [hop] = hops.splice(index, 1);
    if (!hop) return;
    hops.splice(index - 1, 0, hop);
    this.#change({ jumpHosts: hops });
  }

  focusField(field: string): boolean {
    const id = field.replace(/^ssh\./, '').replace(/^jumpHosts\.(\d+)\./, 'hop-$1-').replace(/\./g, '-');
    const control = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id === 'auth-key' ? 'key' : id)}`);
    control?.focus();
    return Boolean(control);
  }

  #input(id: string, label: string, field: string, value: string, issues: ValidationIssue[], onChange: (e: Event) => void, options: { placeholder?: string; help?: string; type?: string } = {}) {
    const own = issuesFor(issues, field);
    return html`<div class="field">
      <label class="label" for=${id}>${label}</label>
      <input id=${id} type=${options.type ?? 'text'} spellcheck="false" autocomplete="off" placeholder=${options.placeholder ?? nothing} .value=${value}
        aria-invalid=${hasError(own) ? 'true' : 'false'} aria-describedby=${describedBy(options.help && `${id}-help`, own.length > 0 && `${id}-issues`)}
        data-field=${field} @change=${onChange} />
      ${options.help ? html`<p id="${id}-help" class="help">${options.help}</p>` : nothing}
      ${renderIssues(`${id}-issues`, own)}
    </div>`;
  }

  override render() {
    const ssh = this.value;
    const issues = this.visibleIssues('ssh', () => createProfile({ hosts: [{ host: 'localhost' }], ssh: this.value }));
    const auth = ssh.auth;
    return html`<div class="stack">
      <label class="check"><input id="enabled" type="checkbox" .checked=${ssh.enabled} @change=${(e: Event) => this.#change({ enabled: (e.target as HTMLInputElement).checked })} />Connect through an SSH tunnel</label>
      ${ssh.enabled
        ? html`
            <p class="note">${icons.info(14)}<span>With a tunnel, <strong>Server name</strong> is the database address as the SSH host sees it, often <code>localhost</code>.</span></p>
            <div class="host-port">
              ${this.#input('host', 'SSH host', 'ssh.host', ssh.host, issues, this.#text('host'), { placeholder: 'bastion.example.com' })}
              ${this.#input('port', 'Port', 'ssh.port', String(ssh.port), issues, (e) => this.#onPort(e), { type: 'number', placeholder: '22' })}
            </div>
            ${this.#input('user', 'SSH user', 'ssh.user', ssh.user, issues, this.#text('user'), { placeholder: 'ubuntu' })}
            <fieldset class="stack">
              <legend class="label">Authentication</legend>
              <div class="segmented" role="radiogroup" aria-label="SSH authentication">
                ${(
                  [
                    ['agent', 'SSH agent'],
                    ['privateKey', 'Private key'],
                    ['password', 'Password'],
                  ] as const
                ).map(([v, l]) => html`<label><input type="radio" name="ssh-auth" .value=${v} .checked=${auth.type === v} @change=${this.#onAuthType} />${l}</label>`)}
              </div>
              ${auth.type === 'agent'
                ? html`<p class="help">Uses the keys loaded in ssh-agent (or the OpenSSH Authentication Agent on Windows) on the bridge machine.</p>`
                : nothing}
              ${auth.type === 'privateKey'
                ? html`${renderPemSource({
                      id: 'key',
                      label: 'Private key',
                      value: auth.key,
                      issues: issuesFor(issues, 'ssh.auth.key'),
                      noFilePaths: this.noFilePaths,
                      pathPlaceholder: '~/.ssh/id_ed25519',
                      pemPlaceholder: '-----BEGIN OPENSSH PRIVATE KEY-----',
                      onChange: (key) => this.#change({ auth: { ...auth, key } }),
                    })}
                    <div class="row">
                      <div class="field">
                        <label class="label" for="passphrase">Passphrase <span class="optional">(if the key has one)</span></label>
                        <input id="passphrase" type="password" autocomplete="off" .value=${this.secret} placeholder=${this.hasSecret ? 'Saved \u2014 leave empty to keep' : ''}
                          @input=${(e: Event) => this.#change({}, (e.target as HTMLInputElement).value)} />
                      </div>
                    </div>
                    <label class="check"><input type="checkbox" .checked=${auth.savePassphrase} @change=${(e: Event) => this.#change({ auth: { ...auth, savePassphrase: (e.target as HTMLInputElement).checked } })} />Save passphrase</label>`
                : nothing}
              ${auth.type === 'password'
                ? html`<div class="field">
                      <label class="label" for="ssh-password">SSH password</label>
                      <input id="ssh-password" type="password" autocomplete="off" .value=${this.secret} placeholder=${this.hasSecret ? 'Saved \u2014 leave empty to keep' : ''}
                        @input=${(e: Event) => this.#change({}, (e.target as HTMLInputElement).value)} />
                    </div>
                    <label class="check"><input type="checkbox" .checked=${auth.savePassword} @change=${(e: Event) => this.#change({ auth: { ...auth, savePassword: (e.target as HTMLInputElement).checked } })} />Save password</label>`
                : nothing}
            </fieldset>
            ${this.#input('knownHostKey', 'Host key fingerprint', 'ssh.knownHostKey', ssh.knownHostKey ?? '', issues, this.#text('knownHostKey'), {
              placeholder: 'SHA256:…',
              help: 'Pins the server\u2019s key. Leave empty to confirm the key the first time you connect; a changed key always stops the connection.',
            })}
            <fieldset class="stack">
              <legend class="label">Jump hosts <span class="optional">(in order, before the SSH host)</span></legend>
              ${(ssh.jumpHosts ?? []).length > 0
                ? html`<ol class="hops" part="jump-hosts">
                    ${(ssh.jumpHosts ?? []).map(
                      (hop, i) => html`<li class="hop">
                        <div class="hop-head">
                          <span id="hop-${i}-title">Jump host ${i + 1}</span>
                          <span>
                            ${i > 0 ? html`<button type="button" class="icon-btn" aria-label="Move jump host ${i + 1} up" @click=${() => this.#moveHop(i)}>${icons.arrowUp()}</button>` : nothing}
                            <button type="button" class="icon-btn" aria-label="Remove jump host ${i + 1}" @click=${() => this.#removeHop(i)}>${icons.trash()}</button>
                          </span>
                        </div>
                        <div class="hop-grid">
                          ${this.#input(`hop-${i}-host`, 'Host', `ssh.jumpHosts.${i}.host`, hop.host, issues, (e) => this.#hop(i, { host: (e.target as HTMLInputElement).value.trim() }))}
                          ${this.#input(`hop-${i}-port`, 'Port', `ssh.jumpHosts.${i}.port`, String(hop.port), issues, (e) => this.#hop(i, { port: Number((e.target as HTMLInputElement).value || 22) }), { type: 'number' })}
                          ${this.#input(`hop-${i}-user`, 'User', `ssh.jumpHosts.${i}.user`, hop.user, issues, (e) => this.#hop(i, { user: (e.target as HTMLInputElement).value.trim() }))}
                          <div class="field">
                            <label class="label" for="hop-${i}-auth">Authentication</label>
                            <select id="hop-${i}-auth" .value=${hop.auth.type}
                              @change=${(e: Event) => {
                                const t = (e.target as HTMLSelectElement).value;
                                this.#hop(i, { auth: t === 'password' ? { type: 'password', savePassword: false } : t === 'privateKey' ? { type: 'privateKey', key: { path: '' }, savePassphrase: false } : { type: 'agent' } });
                              }}>
                              <option value="agent">SSH agent</option>
                              <option value="privateKey">Private key</option>
                              <option value="password">Password</option>
                            </select>
                          </div>
                        </div>
                      </li>`,
                    )}
                  </ol>`
                : html`<p class="help">Reach the SSH host through bastions, like ssh -J.</p>`}
              <button id="add-hop" type="button" class="btn small" style="width:fit-content" @click=${this.#addHop}>${icons.plus()}Add jump host</button>
            </fieldset>
          `
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-ssh-settings': PgSshSettings;
  }
}
