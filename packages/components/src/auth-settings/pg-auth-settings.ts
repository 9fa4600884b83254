import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PgAuthChangeEvent } from '../events/pg-auth-change.js';
import { inferRdsRegion } from '../internal/core.js';
import type { AuthSettings, AuthType, ValidationIssue } from '../internal/core.js';
import { describedBy, hasError, issuesFor, issuesUnder, renderIssues } from '../internal/issues.js';
import type { EntraAccount } from '../client/protocol.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import styles from './pg-auth-settings.styles.js';

const AUTH_LABELS: Record<AuthType, string> = {
  password: 'Password',
  entra: 'Entra Auth',
  awsIam: 'AWS IAM (RDS/Aurora)',
  none: 'None',
  pgpass: 'Password file (.pgpass)',
  certificate: 'Client certificate',
};

/** The four types the dialog offers; a profile of another type keeps its own entry. */
const OFFERED: readonly AuthType[] = ['password', 'entra', 'awsIam', 'none'];

/**
 * @summary How to sign in: Password (with Save Password), Microsoft Entra (account, tenant, Entra user name),
 * AWS IAM for RDS/Aurora (database role, AWS profile, region inferred from the host) or None.
 *
 * The password is a separate property and is never part of `value`. Inside a `<form>` the element submits its
 * value as JSON under `name`.
 *
 * @event pg-auth-change - The user changed a setting or typed a password. `detail.value` is the new
 *   `AuthSettings`, `detail.password` the password typed so far.
 */
@customElement('pg-auth-settings')
export class PgAuthSettings extends LitElement {
  static override styles = [tokens, themes, vscodeTheme, controls, styles];
  static formAssociated = true;

  readonly internals: ElementInternals = this.attachInternals();
  #initial: AuthSettings | undefined;

  @state() private revealed = false;

  @property({ attribute: false }) value: AuthSettings = { type: 'password', user: '', savePassword: false };
  @property({ attribute: false }) password = '';
  /** A password is saved for this profile; an empty field keeps it. */
  @property({ attribute: 'has-password', type: Boolean }) hasPassword = false;
  /** The server name, to infer the AWS region from an RDS/Aurora endpoint. */
  @property() host = '';
  /** Entra accounts to choose from; without them the account is typed. */
  @property({ attribute: false }) accounts: EntraAccount[] = [];
  /** AWS profile names to suggest. */
  @property({ attribute: false }) awsProfiles: string[] = [];
  @property({ attribute: false }) issues: ValidationIssue[] | undefined;
  @property() name = '';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#initial ??= this.value;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('value')) this.internals.setFormValue(JSON.stringify(this.value));
  }

  formResetCallback(): void {
    if (this.#initial) this.value = this.#initial;
    this.password = '';
  }

  #emit(value: AuthSettings): void {
    this.value = value;
    this.dispatchEvent(new PgAuthChangeEvent({ value, ...(this.password ? { password: this.password } : {}) }));
  }

  #onType(e: Event): void {
    const type = (e.target as HTMLSelectElement).value as AuthType;
    const user = 'user' in this.value ? (this.value.user ?? '') : '';
    const next: AuthSettings =
      type === 'password'
        ? { type, user, savePassword: false }
        : type === 'entra'
          ? { type, user, account: this.accounts[0]?.accountId ?? '', tenant: this.accounts[0]?.tenantId ?? '' }
          : type === 'awsIam'
            ? { type, user }
            : type === 'none'
              ? { type, ...(user ? { user } : {}) }
              : type === 'pgpass'
                ? { type, user }
                : { type: 'certificate', user };
    this.#emit(next);
  }

  #field(key: string) {
    return (e: Event) => {
      const raw = (e.target as HTMLInputElement).value;
      const value = key === 'user' ? raw : raw.trim();
      const next = { ...this.value, [key]: value } as AuthSettings & Record<string, unknown>;
      if ((key === 'profile' || key === 'region') && value === '') delete next[key];
      this.#emit(next as AuthSettings);
    };
  }

  #onPassword(e: Event): void {
    this.password = (e.target as HTMLInputElement).value;
    this.#emit(this.value);
  }

  focusField(field: string): boolean {
    const id = field.replace(/^auth\./, '');
    const control = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    control?.focus();
    return Boolean(control);
  }

  #visible(field: string): ValidationIssue[] {
    if (this.issues) return issuesFor(issuesUnder(this.issues, 'auth'), field);
    return [];
  }

  #text(id: string, label: string, value: string, options: { placeholder?: string; help?: string; optional?: boolean; list?: string; autocomplete?: string } = {}) {
    const issues = this.#visible(`auth.${id}`);
    return html`<div class="field">
      <label class="label" for=${id}>${label}${options.optional ? html` <span class="optional">(optional)</span>` : nothing}</label>
      <input id=${id} type="text" spellcheck="false" autocomplete=${options.autocomplete ?? 'off'} placeholder=${options.placeholder ?? nothing} list=${options.list ?? nothing}
        .value=${value} aria-invalid=${hasError(issues) ? 'true' : 'false'}
        aria-describedby=${describedBy(options.help && `${id}-help`, issues.length > 0 && `${id}-issues`)}
        data-field="auth.${id}" @input=${this.#field(id)} />
      ${options.help ? html`<p id="${id}-help" class="help">${options.help}</p>` : nothing}
      ${renderIssues(`${id}-issues`, issues)}
    </div>`;
  }

  override render() {
    const auth = this.value;
    const types = OFFERED.includes(auth.type) ? OFFERED : [...OFFERED, auth.type];
    return html`<div class="grid">
      <div class="field">
        <label class="label" for="type">Authentication type</label>
        <select id="type" .value=${auth.type} @change=${this.#onType}>
          ${types.map((t) => html`<option value=${t} ?selected=${t === auth.type}>${AUTH_LABELS[t]}</option>`)}
        </select>
      </div>
      ${auth.type === 'entra' ? this.#renderEntra(auth) : nothing}
      ${auth.type === 'awsIam' ? this.#renderAws(auth) : nothing}
      ${auth.type === 'password' || auth.type === 'pgpass' || auth.type === 'certificate'
        ? this.#text('user', 'User name', auth.user, { placeholder: 'postgres', autocomplete: 'username' })
        : nothing}
      ${auth.type === 'none' ? this.#text('user', 'User name', auth.user ?? '', { optional: true, placeholder: 'Your operating-system user', autocomplete: 'username' }) : nothing}
      ${auth.type === 'password' ? this.#renderPassword(auth) : nothing}
    </div>`;
  }

  #renderPassword(auth: Extract<AuthSettings, { type: 'password' }>) {
    return html`<div class="field">
        <label class="label" for="password">Password</label>
        <div class="password-wrap">
          <input id="password" type=${this.revealed ? 'text' : 'password'} autocomplete="current-password" .value=${this.password}
            placeholder=${this.hasPassword ? 'Saved \u2014 leave empty to keep' : ''} @input=${this.#onPassword} />
          <button type="button" class="reveal" aria-pressed=${this.revealed ? 'true' : 'false'} aria-label="Show password" @click=${() => (this.revealed = !this.revealed)}>
            ${this.revealed ? 'Hide' : 'Show'}
          </button>
        </div>
      </div>
      <div class="field" style="justify-content:end;min-height:100%">
        <label class="check" style="margin-top:auto;min-height:34px"><input id="savePassword" type="checkbox" .checked=${auth.savePassword}
          @change=${(e: Event) => this.#emit({ ...auth, savePassword: (e.target as HTMLInputElement).checked })} />Save password in the system keychain</label>
      </div>`;
  }

  #renderEntra(auth: Extract<AuthSettings, { type: 'entra' }>) {
    const issues = this.#visible('auth.account');
    return html`${this.accounts.length > 0
        ? html`<div class="field">
            <label class="label" for="account">Entra account</label>
            <select id="account" data-field="auth.account" .value=${auth.account} aria-invalid=${hasError(issues) ? 'true' : 'false'} aria-describedby=${describedBy(issues.length > 0 && 'account-issues')}
              @change=${(e: Event) => {
                const account = this.accounts.find((a) => a.accountId === (e.target as HTMLSelectElement).value);
                if (account) this.#emit({ ...auth, account: account.accountId, tenant: account.tenantId });
              }}>
              <option value="" ?selected=${auth.account === ''}>Choose an account…</option>
              ${this.accounts.map((a) => html`<option value=${a.accountId} ?selected=${a.accountId === auth.account}>${a.displayName ? `${a.displayName} (${a.username})` : a.username}</option>`)}
            </select>
            ${renderIssues('account-issues', issues)}
          </div>`
        : this.#text('account', 'Entra account', auth.account, { placeholder: 'alice@contoso.com' })}
      ${this.#text('tenant', 'Tenant', auth.tenant, { placeholder: 'Tenant ID or domain', optional: true })}
      ${this.#text('user', 'Entra user name', auth.user, { placeholder: 'alice@contoso.com', help: 'The PostgreSQL role mapped to your Entra identity.' })}`;
  }

  #renderAws(auth: Extract<AuthSettings, { type: 'awsIam' }>) {
    const inferred = inferRdsRegion(this.host);
    return html`${this.#text('user', 'User name', auth.user, { placeholder: 'app_user', help: 'The PostgreSQL role (granted rds_iam), not the IAM user.' })}
      ${this.#text('profile', 'AWS profile', auth.profile ?? '', { optional: true, placeholder: 'Default credential chain', list: 'aws-profiles' })}
      <datalist id="aws-profiles">${this.awsProfiles.map((p) => html`<option value=${p}></option>`)}</datalist>
      ${this.#text('region', 'AWS region', auth.region ?? '', {
        optional: Boolean(inferred),
        placeholder: inferred ? `${inferred} (from the server name)` : 'us-east-1',
        help: inferred ? undefined : 'Needed when the server name is not a standard RDS or Aurora endpoint.',
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-auth-settings': PgAuthSettings;
  }
}
