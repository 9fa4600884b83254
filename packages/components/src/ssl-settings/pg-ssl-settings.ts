import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PgSslChangeEvent } from '../events/pg-ssl-change.js';
import { createProfile, SSL_MODES, TLS_VERSIONS } from '../internal/core.js';
// Not through internal/core.js: what that re-exports is loaded with the dialog, and only this element needs the table.
import { SSLMODE_SEMANTICS } from '@pgconnect/core/ssl/sslmode.js';
import type { PemSource, SslMode, SslSettings, TlsVersion } from '../internal/core.js';
import { FormSettingsElement } from '../internal/form-settings.js';
import { describedBy, hasError, issuesFor, renderIssues } from '../internal/issues.js';
import { renderPemSource } from '../internal/pem-source.js';
import { pemSourceStyles } from '../internal/pem-source.styles.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import styles from './pg-ssl-settings.styles.js';

type RootChoice = 'none' | 'system' | 'path' | 'pem';

/** Modes that let an attacker read or redirect the session; the picker marks them. */
const WEAK_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer'];

/**
 * @summary SSL/TLS settings: the six sslmodes explained in plain words, the root certificate (none, the system
 * trust store, a file or pasted PEM), a client certificate and key (both or neither), CRL, the name to verify and
 * the minimum TLS version.
 *
 * Works alone (validating itself, showing messages after interaction) or inside `<pg-connection-dialog>`, which
 * passes its own `issues`. Inside a `<form>` it submits its value as JSON under `name`.
 *
 * @event pg-ssl-change - The user changed a setting. `detail.value` is the new `SslSettings`.
 * @csspart modes - The sslmode picker.
 * @csspart explanation - The explanation of the chosen mode.
 * @cssprop --pg-ssl-settings-card-border - Border of the sslmode cards.
 */
@customElement('pg-ssl-settings')
export class PgSslSettings extends FormSettingsElement<SslSettings> {
  static override styles = [tokens, themes, vscodeTheme, controls, pemSourceStyles, styles];

  /** The settings shown. Setting it from code emits nothing. */
  @property({ attribute: false }) value: SslSettings = { sslmode: 'verify-full', rootCert: 'system' };
  /** The server's host name, for the verify-full explanation and the server-name placeholder. */
  @property() host = '';
  /** The bridge cannot read files (server mode): certificates and keys must be pasted. */
  @property({ attribute: 'no-file-paths', type: Boolean }) noFilePaths = false;

  #change(patch: Partial<SslSettings>, remove: (keyof SslSettings)[] = []): void {
    const next: SslSettings = { ...this.value, ...patch };
    for (const key of remove) delete next[key];
    this.value = next;
    this.touched = true;
    this.dispatchEvent(new PgSslChangeEvent({ value: next }));
  }

  #onMode(e: Event): void {
    this.#change({ sslmode: (e.target as HTMLInputElement).value as SslMode });
  }

  #onRoot(e: Event): void {
    const choice = (e.target as HTMLInputElement).value as RootChoice;
    if (choice === 'none') this.#change({}, ['rootCert']);
    else if (choice === 'system') this.#change({ rootCert: 'system' });
    else this.#change({ rootCert: choice === 'pem' ? { pem: '' } : { path: '' } });
  }

  #onClientCert(e: Event): void {
    if ((e.target as HTMLInputElement).checked) {
      const empty = (): PemSource => (this.noFilePaths ? { pem: '' } : { path: '' });
      this.#change({ clientCert: empty(), clientKey: empty() });
    } else {
      this.#change({}, ['clientCert', 'clientKey', 'hasSslPassword']);
    }
  }

  #onCrl(e: Event): void {
    if ((e.target as HTMLInputElement).checked) this.#change({ crl: this.noFilePaths ? { pem: '' } : { path: '' } });
    else this.#change({}, ['crl']);
  }

  #onServerName(e: Event): void {
    const serverName = (e.target as HTMLInputElement).value.trim();
    if (serverName) this.#change({ serverName });
    else this.#change({}, ['serverName']);
  }

  #onMinTls(e: Event): void {
    const v = (e.target as HTMLSelectElement).value as TlsVersion | '';
    if (v) this.#change({ minTlsVersion: v });
    else this.#change({}, ['minTlsVersion']);
  }

  #onDirect(e: Event): void {
    if ((e.target as HTMLInputElement).checked) this.#change({ sslnegotiation: 'direct' });
    else this.#change({}, ['sslnegotiation']);
  }

  /** Moves focus to the control for a profile field such as `ssl.clientKey`. */
  focusField(field: string): boolean {
    const id = { 'ssl.sslmode': `mode-${this.value.sslmode}`, 'ssl.rootCert': 'root-cert', 'ssl.clientCert': 'client-cert', 'ssl.clientKey': 'client-key', 'ssl.crl': 'crl', 'ssl.serverName': 'server-name', 'ssl.minTlsVersion': 'min-tls' }[field];
    const control = id ? this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`) : null;
    control?.focus();
    return Boolean(control);
  }

  override render() {
    const ssl = this.value;
    const issues = this.visibleIssues('ssl', () => createProfile({ hosts: [{ host: this.host || 'server.example' }], ssl: this.value }));
    const modeIssues = issuesFor(issues, 'ssl.sslmode');
    const semantics = SSLMODE_SEMANTICS[ssl.sslmode];
    const root: RootChoice = ssl.rootCert === undefined ? 'none' : ssl.rootCert === 'system' ? 'system' : 'pem' in ssl.rootCert ? 'pem' : 'path';
    const hasClientCert = ssl.clientCert !== undefined || ssl.clientKey !== undefined;
    const weak = WEAK_MODES.includes(ssl.sslmode);
    return html`<div class="stack">
      <fieldset aria-describedby=${describedBy('mode-explain', modeIssues.length > 0 && 'mode-issues')}>
        <legend class="label section-title">SSL mode</legend>
        <div class="modes" part="modes">
          ${SSL_MODES.map(
            (mode) => html`<label class="mode">
              <input type="radio" name="sslmode" id="mode-${mode}" .value=${mode} .checked=${mode === ssl.sslmode} @change=${this.#onMode} />
              <span>
                <span class="mode-name">${mode}
                  ${mode === 'verify-full' ? html`<span class="badge good">Recommended</span>` : nothing}
                  ${WEAK_MODES.includes(mode) ? html`<span class="badge warn">Can be downgraded</span>` : nothing}</span>
                <span class="mode-summary">${SSLMODE_SEMANTICS[mode].summary}</span>
              </span>
            </label>`,
          )}
        </div>
        <p id="mode-explain" class="explain ${weak ? 'weak' : ''}" part="explanation">
          ${semantics.explanation}
          ${ssl.sslmode === 'verify-full' && this.host ? html` The certificate must name <strong>${ssl.serverName || this.host}</strong>.` : nothing}
        </p>
        ${renderIssues('mode-issues', modeIssues)}
      </fieldset>

      <fieldset class="group">
        <legend class="label section-title">Root certificate</legend>
        <div class="segmented" role="radiogroup" aria-label="Root certificate">
          ${(
            [
              ['none', 'None'],
              ['system', 'System trust store'],
              ...(this.noFilePaths ? [] : [['path', 'File']]),
              ['pem', 'Paste PEM'],
            ] as [RootChoice, string][]
          ).map(([v, label]) => html`<label><input type="radio" name="root" .value=${v} .checked=${root === v} @change=${this.#onRoot} />${label}</label>`)}
        </div>
        <p class="help" style="margin-top:6px">
          ${root === 'none'
            ? 'No certificate to check against: unless a root certificate exists in ~/.postgresql on the bridge machine, prefer and require accept any certificate.'
            : root === 'system'
              ? 'The operating system\u2019s trusted CAs (sslrootcert=system). Works for servers with publicly trusted certificates; requires verify-full.'
              : 'The CA certificate that signed the server\u2019s certificate, for example your provider\u2019s CA bundle.'}
        </p>
        ${root === 'path' || root === 'pem'
          ? renderPemSource({
              id: 'root-cert',
              field: 'ssl.rootCert',
              label: 'Root certificate',
              value: ssl.rootCert as PemSource,
              issues: issuesFor(issues, 'ssl.rootCert'),
              noSourcePicker: true,
              onChange: (rootCert) => this.#change({ rootCert }),
            })
          : nothing}
      </fieldset>

      <fieldset class="group stack">
        <legend class="label section-title">Client certificate</legend>
        <label class="check"><input type="checkbox" .checked=${hasClientCert} @change=${this.#onClientCert} />Authenticate with a client certificate (mutual TLS)</label>
        ${hasClientCert
          ? html`<div class="row">
              ${renderPemSource({ id: 'client-cert', field: 'ssl.clientCert', label: 'Client certificate', value: ssl.clientCert, issues: issuesFor(issues, 'ssl.clientCert'), noFilePaths: this.noFilePaths, pathPlaceholder: '~/.postgresql/postgresql.crt', onChange: (clientCert) => this.#change({ clientCert }) })}
              ${renderPemSource({ id: 'client-key', field: 'ssl.clientKey', label: 'Client key', value: ssl.clientKey, issues: issuesFor(issues, 'ssl.clientKey'), noFilePaths: this.noFilePaths, pathPlaceholder: '~/.postgresql/postgresql.key', pemPlaceholder: '-----BEGIN PRIVATE KEY-----', onChange: (clientKey) => this.#change({ clientKey }) })}
            </div>
            <p class="help">The certificate and its key go together: give both or neither.</p>`
          : nothing}
      </fieldset>

      <div class="group row">
        <div class="field">
          <label class="label" for="server-name">Server name to verify <span class="optional">(optional)</span></label>
          <input id="server-name" data-field="ssl.serverName" type="text" spellcheck="false" autocomplete="off" placeholder=${this.host || 'db.example.com'} .value=${ssl.serverName ?? ''}
            aria-describedby=${describedBy('server-name-help', issuesFor(issues, 'ssl.serverName').length > 0 && 'server-name-issues')}
            aria-invalid=${hasError(issuesFor(issues, 'ssl.serverName')) ? 'true' : 'false'} @change=${this.#onServerName} />
          <p id="server-name-help" class="help">When it differs from the server name, for example through an SSH tunnel.</p>
          ${renderIssues('server-name-issues', issuesFor(issues, 'ssl.serverName'))}
        </div>
        <div class="field">
          <label class="label" for="min-tls">Minimum TLS version</label>
          <select id="min-tls" .value=${ssl.minTlsVersion ?? ''} @change=${this.#onMinTls}
            aria-invalid=${hasError(issuesFor(issues, 'ssl.minTlsVersion')) ? 'true' : 'false'}
            aria-describedby=${describedBy(issuesFor(issues, 'ssl.minTlsVersion').length > 0 && 'min-tls-issues')}>
            <option value="">Default (TLSv1.2)</option>
            ${TLS_VERSIONS.map((v) => html`<option value=${v} ?selected=${v === ssl.minTlsVersion}>${v}</option>`)}
          </select>
          ${renderIssues('min-tls-issues', issuesFor(issues, 'ssl.minTlsVersion'))}
        </div>
      </div>

      <div class="group stack">
        <label class="check"><input type="checkbox" .checked=${ssl.crl !== undefined} @change=${this.#onCrl} />Check a certificate revocation list (CRL)</label>
        ${ssl.crl !== undefined
          ? renderPemSource({ id: 'crl', field: 'ssl.crl', label: 'Revocation list', value: ssl.crl, issues: issuesFor(issues, 'ssl.crl'), noFilePaths: this.noFilePaths, pemPlaceholder: '-----BEGIN X509 CRL-----', onChange: (crl) => this.#change({ crl }) })
          : nothing}
        <label class="check"><input type="checkbox" .checked=${ssl.sslnegotiation === 'direct'} @change=${this.#onDirect} />Direct TLS (PostgreSQL 17 and later; needs require or stronger)</label>
        ${renderIssues('negotiation-issues', issuesFor(issues, 'ssl.sslnegotiation'))}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-ssl-settings': PgSslSettings;
  }
}
