import { LitElement, html, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { BridgeService } from '../client/bridge-client.js';
import { toErrorPayload } from '../client/bridge-error.js';
import type { AwsProfileInfo, EntraAccount, EntraDeviceCode, ErrorPayload, SecretStoreKind } from '../client/protocol.js';
import { bridgeContext } from '../context/bridge-context.js';
import { PgAuthChangeEvent } from '../events/pg-auth-change.js';
import { PgErrorEvent } from '../events/pg-error.js';
import { inferRdsRegion } from '../internal/core.js';
import type { AuthSettings, AuthType, ValidationIssue } from '../internal/core.js';
import { randomId } from '../internal/ids.js';
import { icons } from '../internal/icons.js';
import { describedBy, hasError, issuesFor, issuesUnder, renderIssues } from '../internal/issues.js';
import { SAVE_PASSWORD_LABEL, secretStoreHelp } from '../internal/secret-store.js';
import type * as DeviceCode from './device-code.js';
import type { EntraPageToken, EntraPopupConfig } from '../entra/config.js';
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

/** The device-code panel: loaded when the user asks for it. */
const loadDeviceCode = () => import('./device-code.js');

/** msal-browser and the popup sign-in: loaded only when Entra is chosen and the popup is offered. */
const loadEntraPopup = () => import('../entra/entra-popup.js');

/** Local wall-clock time of an ISO timestamp, as the user reads it ("14:32"). */
const clockTime = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Signing in may take the user a while; device codes live about 15 minutes. */
const SIGN_IN_TIMEOUT_MS = 16 * 60_000;

/**
 * @summary How to sign in: Password (with Save Password), Microsoft Entra (account, tenant, Entra user name),
 * AWS IAM for RDS/Aurora (database role, AWS profile, region inferred from the host) or None.
 *
 * The password is a separate property and is never part of `value`. Inside a `<form>` the element submits its
 * value as JSON under `name`.
 *
 * With a bridge client (from `@lit/context`, or `.client`) it lists the signed-in Entra accounts and the AWS
 * profiles (`entra.accounts.list`, `aws.profiles.list`) unless the host passes `accounts` / `awsProfiles`, and
 * offers "Add Entra account" through the system browser or a device code (`entra.accounts.add`; the code, its
 * link and a countdown appear while the bridge waits).
 *
 * Where the bridge cannot open a browser (server mode, or no Entra on the bridge) and the host sets
 * `entraPopup`, it offers "Sign in with Microsoft (popup)": the page signs in with msal-browser (loaded on demand)
 * and keeps the PostgreSQL access token in `entraToken`, for the host or the dialog to send as
 * `secrets.entraToken` with the next test or connection. It is never part of `value` nor of the form value.
 *
 * @event pg-auth-change - The user changed a setting or typed a password. `detail.value` is the new
 *   `AuthSettings`, `detail.password` the password typed so far.
 * @event pg-error - Listing accounts or profiles, or adding an account, failed; the element shows it too.
 *
 * @csspart device-code - The device-code sign-in panel.
 */
@customElement('pg-auth-settings')
export class PgAuthSettings extends LitElement {
  static override styles = [tokens, themes, vscodeTheme, controls, styles];
  static formAssociated = true;

  readonly internals: ElementInternals = this.attachInternals();
  #initial: AuthSettings | undefined;
  /** The client the lists were loaded from, and which lists; a new client loads them again. */
  #listedBy: BridgeService | undefined;
  readonly #listed = new Set<'entra' | 'aws'>();
  #signIn: AbortController | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  #deviceCode: typeof DeviceCode | undefined;

  @consume({ context: bridgeContext, subscribe: true })
  @state()
  private contextClient: BridgeService | undefined;

  @state() private revealed = false;
  @state() private loadedAccounts: EntraAccount[] = [];
  @state() private loadedAwsProfiles: AwsProfileInfo[] | undefined;
  @state() private defaultRegion: string | undefined;
  @state() private adding: 'authCode' | 'deviceCode' | 'popup' | undefined;
  @state() private pageToken: EntraPageToken | undefined;
  @state() private deviceCode: EntraDeviceCode | undefined;
  @state() private now = Date.now();
  @state() private error: ErrorPayload | undefined;
  @state() private status = '';

  @property({ attribute: false }) value: AuthSettings = { type: 'password', user: '', savePassword: false };
  @property({ attribute: false }) password = '';
  /** A password is saved for this profile; an empty field keeps it. */
  @property({ attribute: 'has-password', type: Boolean }) hasPassword = false;
  /** The server name, to infer the AWS region from an RDS/Aurora endpoint. */
  @property() host = '';
  /** Entra accounts to choose from; without them the account is typed. */
  @property({ attribute: false }) accounts: EntraAccount[] = [];
  /** AWS profiles to choose from; without them the element asks the bridge (`aws.profiles.list`). */
  @property({ attribute: false }) awsProfiles: AwsProfileInfo[] = [];
  /** The bridge client; wins over the one provided through context. */
  @property({ attribute: false }) client: BridgeService | undefined;
  /** When the cloud token of the open connection expires (from `event.token.refreshed`), shown for Entra and AWS IAM. */
  @property({ attribute: false }) tokenExpiresAt: string | undefined;
  @property({ attribute: false }) issues: ValidationIssue[] | undefined;
  /** Where the bridge keeps a saved password (`secrets.status`), said under "Save password"; unknown, nothing is said. */
  @property({ attribute: 'secret-store' }) secretStore: SecretStoreKind | undefined;
  /** The page's own Entra app registration, for the popup sign-in (see the README); without it there is no popup. */
  @property({ attribute: false }) entraPopup: EntraPopupConfig | undefined;
  @property() name = '';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#initial ??= this.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancelSignIn();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('value')) this.internals.setFormValue(JSON.stringify(this.value));
  }

  override updated(): void {
    const client = this.#client;
    if (!client) return;
    // Fetched while the user reads the form, so the popup opens within the click's user activation.
    if (this.value.type === 'entra' && this.#popupConfig) void loadEntraPopup().catch(() => undefined);
    if (client !== this.#listedBy) {
      this.#listedBy = client;
      this.#listed.clear();
    }
    if (this.value.type === 'entra' && this.accounts.length === 0 && !this.#listed.has('entra')) {
      this.#listed.add('entra');
      void this.#list(async () => {
        this.loadedAccounts = (await client.request('entra.accounts.list', {})).accounts;
      });
    }
    // A bridge in server mode cannot read the user's ~/.aws files.
    if (this.value.type === 'awsIam' && this.awsProfiles.length === 0 && !this.#listed.has('aws') && client.info?.mode !== 'server') {
      this.#listed.add('aws');
      void this.#list(async () => {
        const result = await client.request('aws.profiles.list', {});
        this.loadedAwsProfiles = result.profiles;
        this.defaultRegion = result.defaultRegion;
      });
    }
  }

  get #client(): BridgeService | undefined {
    return this.client ?? this.contextClient;
  }

  get #accounts(): EntraAccount[] {
    const listed = this.accounts.length > 0 ? this.accounts : this.loadedAccounts;
    const mine = this.pageToken?.account;
    return mine && !listed.some((a) => a.accountId === mine.accountId) ? [...listed, mine] : listed;
  }

  /** The popup sign-in's settings where it is offered: the bridge cannot open a browser here, or has no Entra. */
  get #popupConfig(): EntraPopupConfig | undefined {
    const info = this.#client?.info;
    return info?.mode === 'server' || !info?.capabilities.includes('entra') ? this.entraPopup : undefined;
  }

  /** The access token from the popup sign-in while it is valid: a secret for one connection attempt, never stored. */
  get entraToken(): string | undefined {
    const page = this.pageToken;
    return page && this.value.type === 'entra' && page.account.accountId === this.value.account && page.expiresAt.getTime() > Date.now() ? page.token : undefined;
  }

  /** Signs in with msal-browser in a popup (or silently, when the page signed in before) for a PostgreSQL token. */
  async #signInWithPopup(config: EntraPopupConfig): Promise<void> {
    if (this.adding || this.value.type !== 'entra') return;
    const auth = this.value;
    this.adding = 'popup';
    this.error = undefined;
    this.status = '';
    let popup: Awaited<ReturnType<typeof loadEntraPopup>> | undefined;
    try {
      popup = await loadEntraPopup();
      const page = await popup.signInWithPopup(config, { ...(auth.tenant.trim() ? { tenant: auth.tenant.trim() } : {}), ...(auth.account ? { accountId: auth.account } : {}) });
      this.pageToken = page;
      this.#emit({ ...auth, account: page.account.accountId, tenant: page.account.tenantId, user: auth.user || page.account.username });
      this.status = `Signed in as ${page.account.username}.`;
    } catch (error) {
      if (!popup?.isCancelled(error)) this.#fail(error);
    } finally {
      this.adding = undefined;
    }
  }

  get #awsProfiles(): AwsProfileInfo[] {
    return this.awsProfiles.length > 0 ? this.awsProfiles : (this.loadedAwsProfiles ?? []);
  }

  async #list(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.error = toErrorPayload(error);
    this.dispatchEvent(new PgErrorEvent(this.error));
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
          ? { type, user, account: this.#accounts[0]?.accountId ?? '', tenant: this.#accounts[0]?.tenantId ?? '' }
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

  /** Adds an Entra account through the bridge: the system browser (`authCode`) or a device code shown here. */
  async #addAccount(flow: 'authCode' | 'deviceCode'): Promise<void> {
    const client = this.#client;
    if (!client || this.adding) return;
    const abort = new AbortController();
    this.#signIn = abort;
    this.adding = flow;
    this.error = undefined;
    const id = randomId();
    if (flow === 'deviceCode') this.#deviceCode ??= await loadDeviceCode();
    const off = client.onPush('event.entra.deviceCode', (push) => {
      if (push.requestId !== id) return;
      this.deviceCode = push;
      this.now = Date.now();
      clearInterval(this.#clock);
      this.#clock = setInterval(() => (this.now = Date.now()), 1000);
    });
    const tenant = this.value.type === 'entra' ? this.value.tenant.trim() : '';
    try {
      const { account } = await client.request('entra.accounts.add', { flow, ...(tenant ? { tenantId: tenant } : {}) }, { id, signal: abort.signal, timeoutMs: SIGN_IN_TIMEOUT_MS });
      this.loadedAccounts = [...this.#accounts.filter((a) => a.accountId !== account.accountId), account];
      if (this.value.type === 'entra') this.#emit({ ...this.value, account: account.accountId, tenant: account.tenantId });
      this.status = `Added ${account.username}.`;
    } catch (error) {
      if (!abort.signal.aborted) this.#fail(error);
    } finally {
      off();
      if (this.#signIn === abort) this.#endSignIn();
    }
  }

  /** Stops waiting for a sign-in. The bridge gives up on its own when the code expires. */
  #cancelSignIn(): void {
    this.#signIn?.abort();
    this.#endSignIn();
  }

  #endSignIn(): void {
    this.#signIn = undefined;
    this.adding = undefined;
    this.deviceCode = undefined;
    clearInterval(this.#clock);
    this.#clock = undefined;
  }

  async #copyCode(): Promise<void> {
    const code = this.deviceCode?.userCode;
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      this.status = 'Code copied.';
    } catch {
      const output = this.renderRoot.querySelector('#user-code');
      if (output) getSelection()?.selectAllChildren(output);
      this.status = 'The clipboard is not available here: the code is selected, press Ctrl+C (⌘C) to copy it.';
    }
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
      ${auth.type === 'entra' || auth.type === 'awsIam' ? this.#renderToken(auth.type) : nothing}
      ${this.error ? html`<p class="message error full" role="alert">${icons.error(14)}<span>${this.error.message}${this.error.hint ? ` ${this.error.hint}` : ''}</span></p>` : nothing}
      <div class="sr-only" role="status">${this.status}</div>
    </div>`;
  }

  #renderToken(type: 'entra' | 'awsIam') {
    return html`<p class="help full token">${this.tokenExpiresAt
      ? html`${icons.lock(14)} Token valid until ${clockTime(this.tokenExpiresAt)}; a fresh one is fetched for each new connection.`
      : type === 'awsIam'
        ? 'The bridge signs a token for each new connection (tokens last 15 minutes); no password is stored.'
        : this.entraToken && this.pageToken
          ? html`${icons.lock(14)} Signed in here until ${clockTime(this.pageToken.expiresAt.toISOString())}; the token goes to the bridge with each test or connection.`
          : 'The bridge fetches a token for each new connection and renews it before it expires; no password is stored.'}</p>`;
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
      <div class="field beside">
        <label class="check"><input id="savePassword" type="checkbox" .checked=${auth.savePassword}
          aria-describedby=${describedBy(this.secretStore && 'savePassword-help')}
          @change=${(e: Event) => this.#emit({ ...auth, savePassword: (e.target as HTMLInputElement).checked })} />${SAVE_PASSWORD_LABEL}</label>
        ${this.secretStore ? html`<p id="savePassword-help" class="help">${secretStoreHelp(this.secretStore)}</p>` : nothing}
      </div>`;
  }

  #renderEntra(auth: Extract<AuthSettings, { type: 'entra' }>) {
    const issues = this.#visible('auth.account');
    const accounts = this.#accounts;
    return html`${accounts.length > 0
        ? html`<div class="field">
            <label class="label" for="account">Entra account</label>
            <select id="account" data-field="auth.account" .value=${auth.account} aria-invalid=${hasError(issues) ? 'true' : 'false'} aria-describedby=${describedBy(issues.length > 0 && 'account-issues')}
              @change=${(e: Event) => {
                const account = accounts.find((a) => a.accountId === (e.target as HTMLSelectElement).value);
                if (account) this.#emit({ ...auth, account: account.accountId, tenant: account.tenantId });
              }}>
              <option value="" ?selected=${auth.account === ''}>Choose an account…</option>
              ${accounts.map((a) => html`<option value=${a.accountId} ?selected=${a.accountId === auth.account}>${a.displayName ? `${a.displayName} (${a.username})` : a.username}</option>`)}
            </select>
            ${renderIssues('account-issues', issues)}
          </div>`
        : this.#text('account', 'Entra account', auth.account, { placeholder: 'alice@contoso.com' })}
      ${this.#text('tenant', 'Tenant', auth.tenant, { placeholder: 'Tenant ID or domain', optional: true })}
      ${this.#text('user', 'Entra user name', auth.user, { placeholder: 'alice@contoso.com', help: 'The PostgreSQL role mapped to your Entra identity.' })}
      ${this.#client ? this.#renderAddAccount() : nothing}`;
  }

  #renderAddAccount() {
    // The browser flow redirects to a loopback port on the bridge machine: only useful when that is this machine.
    const browser = this.#client?.info?.mode !== 'server';
    const popup = this.#popupConfig;
    return html`<div class="full add-account" role="group" aria-labelledby="add-account-label">
      <span class="label" id="add-account-label">Add Entra account</span>
      ${this.deviceCode && this.#deviceCode
        ? this.#deviceCode.renderDeviceCode(this.deviceCode, this.now, { copy: () => void this.#copyCode(), cancel: () => this.#cancelSignIn() })
        : html`<div class="add-row">
            ${browser
              ? html`<button type="button" class="btn small" data-flow="authCode" ?disabled=${Boolean(this.adding)} aria-busy=${this.adding === 'authCode' ? 'true' : 'false'}
                  @click=${() => void this.#addAccount('authCode')}>${this.adding === 'authCode' ? icons.spinner() : icons.plus()}Sign in with the browser</button>`
              : nothing}
            ${popup
              ? html`<button type="button" class="btn small" data-flow="popup" ?disabled=${Boolean(this.adding)} aria-busy=${this.adding === 'popup' ? 'true' : 'false'}
                  @click=${() => void this.#signInWithPopup(popup)}>${this.adding === 'popup' ? icons.spinner() : icons.plus()}Sign in with Microsoft (popup)</button>`
              : nothing}
            <button type="button" class="btn small" data-flow="deviceCode" ?disabled=${Boolean(this.adding)} aria-busy=${this.adding === 'deviceCode' ? 'true' : 'false'}
              @click=${() => void this.#addAccount('deviceCode')}>${this.adding === 'deviceCode' ? icons.spinner() : icons.plus()}Use a device code</button>
            ${this.adding ? html`<button type="button" class="btn quiet small" @click=${() => this.#cancelSignIn()}>Cancel</button>` : nothing}
          </div>`}
    </div>`;
  }

  #renderAws(auth: Extract<AuthSettings, { type: 'awsIam' }>) {
    const inferred = inferRdsRegion(this.host);
    const profiles = this.#awsProfiles;
    const chosen = profiles.find((p) => p.name === auth.profile);
    const fallback = chosen?.region ?? this.defaultRegion;
    return html`${this.#text('user', 'User name', auth.user, { placeholder: 'app_user', help: 'The PostgreSQL role (granted rds_iam), not the IAM user.' })}
      ${profiles.length > 0
        ? html`<div class="field">
            <label class="label" for="profile">AWS profile <span class="optional">(optional)</span></label>
            <select id="profile" data-field="auth.profile" .value=${auth.profile ?? ''} @change=${this.#field('profile')}>
              <option value="" ?selected=${!auth.profile}>Default credential chain</option>
              ${profiles.map((p) => html`<option value=${p.name} ?selected=${p.name === auth.profile}>${p.name}${p.region ? ` (${p.region})` : ''}${p.sso ? ' · SSO' : ''}</option>`)}
              ${auth.profile && !chosen ? html`<option value=${auth.profile} selected>${auth.profile} (not found)</option>` : nothing}
            </select>
          </div>`
        : this.#text('profile', 'AWS profile', auth.profile ?? '', { optional: true, placeholder: 'Default credential chain' })}
      ${this.#text('region', 'AWS region', auth.region ?? '', {
        optional: Boolean(inferred ?? fallback),
        placeholder: inferred ? `${inferred} (from the server name)` : fallback ? `${fallback} (from the AWS profile)` : 'us-east-1',
        help: inferred || fallback ? undefined : 'Needed when the server name is not a standard RDS or Aurora endpoint.',
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-auth-settings': PgAuthSettings;
  }
}
