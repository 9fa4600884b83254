import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, query, state } from 'lit/decorators.js';
import { toErrorPayload } from '../client/bridge-error.js';
import type { BridgeService, BridgeState } from '../client/bridge-client.js';
import type { AzureMetadataResult, ErrorPayload, ProfileListItem, RecentEntry, Secrets, ServerGroup, StageReport, TestReport } from '../client/protocol.js';
import { bridgeContext } from '../context/bridge-context.js';
import { PgCloseRequestEvent } from '../events/pg-close-request.js';
import { PgConnectRequestEvent } from '../events/pg-connect-request.js';
import { PgConnectedEvent } from '../events/pg-connected.js';
import { PgErrorEvent } from '../events/pg-error.js';
import type { PgProfileSelectEvent } from '../events/pg-profile-select.js';
import { PgSaveRequestEvent } from '../events/pg-save-request.js';
import type { PgAuthChangeEvent } from '../events/pg-auth-change.js';
import type { PgAzureServerSelectEvent } from '../events/pg-azure-server-select.js';
import type { PgSshChangeEvent } from '../events/pg-ssh-change.js';
import type { PgSslChangeEvent } from '../events/pg-ssl-change.js';
import { createProfile, DEFAULT_PORT, detectProvider, withDefaultSsl } from '../internal/core.js';
import { scheduleWarmup } from '../internal/warmup.js';
import type { ConnectionProfile, OutputFormat, ParseResult, ProviderMatch, SourceMode, ValidationIssue } from '../internal/core.js';
import { icons } from '../internal/icons.js';
import { PgAuthSettings } from '../auth-settings/pg-auth-settings.js';
import type { EntraPopupConfig } from '../entra/config.js';
import type { ConnectSecrets } from '@pgconnect/core/protocol/messages/profile.js';
import { PgConnectionList } from '../connection-list/pg-connection-list.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import type * as ConnInfo from '../internal/conninfo.js';
import { splitHostPort } from './host-port.js';
import type * as ParseFeedback from './sections/parse-feedback.js';
import type * as StringSync from './string-sync.js';
import type { ValidationContext } from '../internal/validate.js';
import { OUTPUT_FORMATS } from './labels.js';
import styles from './pg-connection-dialog.styles.js';
import { BridgeLookups } from './controllers/bridge-lookups.js';
import { Databases } from './controllers/databases.js';
import { HostKeyPrompts } from './controllers/host-key-prompts.js';
import { TestRunner } from './controllers/test-runner.js';
import { Validation } from './controllers/validation.js';
import { renderAdvanced } from './sections/advanced.js';
import type { Section } from './sections/advanced.js';
import { renderAzure } from './sections/azure.js';
import { renderBridgeBanner } from './sections/bridge-banner.js';
import { renderConnectionNotice } from './sections/connection-notice.js';
import type { ConnectionNotice } from './sections/connection-notice.js';
import { renderConnectionString } from './sections/connection-string.js';
import { renderEnvVar } from './sections/env-var.js';
import { renderFooter } from './sections/footer.js';
import { renderHeader } from './sections/header.js';
import { renderIdentity } from './sections/identity.js';
import { renderParameters } from './sections/parameters.js';
import { renderSidePanel } from './sections/side-panel.js';
import { renderTabs, tabForKey } from './sections/tabs.js';
import { renderTestResult } from './sections/test-result.js';

type ConnInfoModule = typeof ConnInfo;

/**
 * Elements the dialog shows only after a click (the Advanced drawer, the privilege report) are loaded then, to
 * keep the dialog's initial JavaScript small; they upgrade in place when their module arrives.
 */
export const loadAdvancedElements = () => Promise.all([import('../ssl-settings/pg-ssl-settings.js'), import('../ssh-settings/pg-ssh-settings.js')]);
export const loadResultElements = () => import('../permissions-view/pg-permissions-view.js');

/** Fields in the order a person fills them, so "the first invalid field" is the one they meet first. */
const FIELD_ORDER = ['hosts', 'auth', 'database', 'envVar', 'name', 'client', 'ssl', 'ssh'];

/**
 * @summary The PostgreSQL connection dialog: Parameters, Connection String (any format, parsed live, copied as any
 * format), Browse Azure and environment-variable modes; authentication; the Advanced drawer with SSL and SSH;
 * Test Connection with its streamed stages, hints and effective privileges; Save & Connect; and the Saved and
 * Recent side panel.
 *
 * A host handles the `*-request` events itself (and cancels them), or lets the bridge client do the work. The
 * client comes from `@lit/context` (`bridgeContext`); an explicit `.client` wins.
 *
 * @event pg-test-request - Test Connection was chosen. Cancel to run the test yourself and report back with
 *   `showTestStage()` and `showTestResult()`.
 * @event pg-save-request - Save & Connect: save the profile. Cancelable.
 * @event pg-connect-request - Save & Connect: open the connection, after the save succeeded. Cancelable.
 * @event pg-connected - The bridge opened the connection; the dialog closes.
 * @event pg-close-request - Close button, Cancel or Escape. Cancel it to keep the dialog open.
 * @event pg-profile-select - A saved or recent connection was chosen in the side panel.
 * @event pg-profile-delete-request - Delete a saved or remove a recent connection. Cancelable.
 * @event pg-error - A request to the bridge failed; the dialog shows it too.
 *
 * While a test or Save & Connect runs, the dialog answers the bridge's prompts: an SSH host key seen for the
 * first time (`event.ssh.hostKey`) asks the user to trust it, and the trusted fingerprint is pinned in the
 * profile; a changed key (`SSH_HOST_KEY_CHANGED`) is shown with both fingerprints as a hard failure. A banner
 * reports `event.connection.lost` and `event.connection.restored`.
 *
 * @slot footer-start - Extra controls at the start of the footer, next to Advanced.
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart side-panel - The Saved and Recent panel.
 * @csspart header - Title and close button.
 * @csspart tabs - The "Connect via" tab list.
 * @csspart body - The scrolling form area.
 * @csspart advanced - The Advanced drawer.
 * @csspart test-result - Test Connection's result, stages and privileges.
 * @csspart footer - The action bar.
 * @csspart primary-button - Save & Connect.
 * @csspart host-key-prompt - The "Trust this SSH host key?" prompt (a nested modal `<dialog>`).
 * @csspart host-key-changed - Both fingerprints of a changed SSH host key.
 * @csspart connection-notice - The connection lost / restored banner.
 *
 * @cssprop --pg-connection-dialog-width - Width on large screens (default 1040px).
 * @cssprop --pg-connection-dialog-height - Height on large screens (default 860px, capped by the viewport).
 * @cssprop --pg-connection-dialog-radius - Corner radius.
 * @cssprop --pg-connection-dialog-side-width - Width of the side panel.
 * @cssprop --pg-connection-dialog-backdrop - The backdrop behind the modal dialog.
 * @cssprop --pg-color-bg - Dialog surface; see tokens.styles.ts for every global token.
 */
@customElement('pg-connection-dialog')
export class PgConnectionDialog extends LitElement {
  static override styles = [tokens, themes, vscodeTheme, controls, styles];

  #conninfo: ConnInfoModule | undefined;
  /** Loaded with `#conninfo`: only a parsed string needs them. */
  #stringSync: typeof StringSync | undefined;
  #parseFeedback: typeof ParseFeedback | undefined;
  #opener: HTMLElement | null = null;
  #unsubscribe: (() => void) | undefined;
  #stringStale = true;
  /** The user (or a pasted string) chose sslmode/root certificate; host edits no longer reset them. */
  #sslChosen = false;
  readonly #edited = new Set<string>();
  /** Connections this dialog opened, by id, with the name to show in the banner. */
  readonly #opened = new Map<string, string>();
  /** Settles once the dialog opened by the last update is shown (see `#showModal`). */
  #opening: Promise<void> | undefined;
  /** `detectProvider` of the last host asked about: the side panel and the form both need it on each render. */
  #provider: { host: string; match: ProviderMatch | null } | undefined;
  readonly #databases = new Databases(this, {
    client: () => this.#client,
    given: () => this.databases,
    target: () => ({ profile: this.draft, secrets: this.#connectSecrets() }),
    announce: (text) => this.#announce(text),
    reportError: (error) => this.#reportError(error),
  });
  readonly #lookups = new BridgeLookups(this, { client: () => this.#client, givenGroups: () => this.groups });
  readonly #validation = new Validation(this);
  readonly #hostKeys = new HostKeyPrompts(this, {
    client: () => this.#client,
    draft: () => this.draft,
    pin: (draft) => (this.draft = draft),
    announce: (text) => this.#announce(text),
    reportError: (error) => this.#reportError(error),
  });
  readonly #test = new TestRunner(this, {
    client: () => this.#client,
    prompts: this.#hostKeys,
    announce: (text) => this.#announce(text),
    // Quietly: "N databases found" would cut off the announcement of the result.
    succeeded: () => void this.#databases.load({ announce: false }),
    loadResultElements: () => void loadResultElements(),
  });
  /** A Test Connection or Save & Connect is checking the form (see #validDraft). */
  #checking = false;

  @query('dialog') private dialog!: HTMLDialogElement;

  @consume({ context: bridgeContext, subscribe: true })
  @state()
  private contextClient: BridgeService | undefined;

  @state() private draft: ConnectionProfile = createProfile();
  @state() private editing = false;
  @state() private tab: SourceMode = 'parameters';
  @state() private password = '';
  @state() private sslpassword = '';
  @state() private sshSecret = '';
  @state() private advancedOpen = false;
  @state() private openSections = new Set<Section>();
  @state() private touched = new Set<string>();
  @state() private submitted = false;
  @state() private connectionString = '';
  @state() private parsed: ParseResult | undefined;
  @state() private copyFormat: OutputFormat = 'uri';
  @state() private copyWithPassword = false;
  @state() private announcement = '';
  @state() private busy: 'save' | undefined;
  @state() private actionError: ErrorPayload | undefined;
  @state() private bridgeState: BridgeState | undefined;
  @state() private sidePanelOpen = false;
  @state() private azureMeta: AzureMetadataResult | undefined;
  @state() private azureLoaded = false;
  /** Whether a password is saved for a profile loaded from the side panel; `hasPassword` covers `profile`. */
  @state() private savedPassword: boolean | undefined;
  @state() private connectionNotice: ConnectionNotice | undefined;
  /** When the cloud token of a connection this dialog opened expires (`event.token.refreshed`). */
  @state() private tokenExpiresAt: string | undefined;

  /** Shows the dialog as a modal. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** A profile to edit. Setting it loads it and switches the header to "Edit Connection". */
  @property({ attribute: false }) profile: ConnectionProfile | undefined;
  /** A password is saved for `profile`; an empty password field keeps it. */
  @property({ attribute: 'has-password', type: Boolean }) hasPassword = false;
  /** The bridge client; wins over the one provided through context. */
  @property({ attribute: false }) client: BridgeService | undefined;
  /**
   * Server groups for the Server group picker. Without them the dialog asks the bridge (`groups.list`) each time
   * it opens, so a group created on the page (in `<pg-server-groups>`) is offered the next time.
   */
  @property({ attribute: false }) groups: ServerGroup[] | undefined;
  /** Saved connections for the side panel; without them the panel asks the bridge. */
  @property({ attribute: false }) saved: ProfileListItem[] | undefined;
  @property({ attribute: false }) recent: RecentEntry[] | undefined;
  /** Database names to offer; without them the dialog asks the bridge once it can. */
  @property({ attribute: false }) databases: string[] | undefined;
  /** `light` (default), `dark`, `vscode` (follows a VS Code webview's theme) or `auto` (follows the OS). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;
  /** Hides the Saved and Recent side panel. */
  @property({ attribute: 'no-side-panel', type: Boolean }) noSidePanel = false;
  /** The page's Entra app registration for "Sign in with Microsoft (popup)" (`<pg-auth-settings>`, README). */
  @property({ attribute: false }) entraPopup: EntraPopupConfig | undefined;

  get #client(): BridgeService | undefined {
    return this.client ?? this.contextClient;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page: disconnecting stopped listening to the bridge. (The first update starts it.)
    if (this.hasUpdated && !this.#unsubscribe) this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('profile')) {
      if (this.profile) this.#load(this.profile, { editing: true });
      else if (changed.get('profile')) this.#load(createProfile(), { editing: false });
    }
    if (changed.has('client') || changed.has('contextClient' as keyof PgConnectionDialog)) this.#watchClient();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('advancedOpen' as keyof PgConnectionDialog) && this.advancedOpen) void loadAdvancedElements();
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        const active = deepActiveElement();
        this.#opener = active instanceof HTMLElement ? active : null;
        this.#opening = this.#showModal();
        void this.#lookups.load();
        this.#validation.prefetch();
      } else if (!this.open && this.dialog.open) {
        // However it was closed (by the page setting `open`, too), a test running for it has no one to show to.
        this.#test.cancel();
        this.dialog.close();
      }
    }
  }

  /** `updateComplete` also waits until a dialog this update opened is shown, with focus in its first field. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    await this.#opening;
    // And, when the validator is loading (an update asked for issues before it was there), for it and the
    // update that shows its issues.
    const validation = this.#validation.pending;
    if (validation) {
      await validation;
      result = await super.getUpdateComplete();
    }
    return result;
  }

  /**
   * Shows the modal once the sub-elements this update created have rendered (in the microtasks right after it),
   * so the browser computes style and layout for the whole dialog once, instead of once for the dialog, which
   * `showModal()` and its focusing force synchronously, and again for the sub-elements' content.
   */
  async #showModal(): Promise<void> {
    const children = [...this.renderRoot.querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>('pg-auth-settings, pg-connection-list')];
    await Promise.all(children.map((child) => child.updateComplete));
    if (!this.open || this.dialog.open || !this.isConnected) return;
    this.dialog.showModal();
    this.#focusFirstField();
  }

  /* ── handlers ─────────────────────────────────────────────────────────────────────────────────────────── */

  #watchClient(): void {
    // A new client while the dialog is shown; the first update's opening asks by itself.
    if (this.#client && this.hasUpdated && this.open) void this.#lookups.load();
    this.#listen();
  }

  /** Follows the client's state, and the pushes the dialog answers or shows. */
  #listen(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const client = this.#client;
    this.bridgeState = client?.state;
    if (!client) return;
    const onState = () => {
      this.bridgeState = client.state;
    };
    client.addEventListener('statechange', onState);
    const offs = [
      this.#hostKeys.listen(client),
      client.onPush('event.connection.lost', (push) => {
        this.connectionNotice = { kind: 'lost', connectionId: push.connectionId, error: push.error, reconnecting: push.reconnecting };
      }),
      client.onPush('event.connection.restored', (push) => {
        this.connectionNotice = { kind: 'restored', connectionId: push.connectionId };
      }),
      client.onPush('event.token.refreshed', (push) => {
        if (this.#opened.has(push.connectionId)) this.tokenExpiresAt = push.expiresAt;
      }),
    ];
    this.#unsubscribe = () => {
      client.removeEventListener('statechange', onState);
      for (const off of offs) off();
    };
  }

  #load(profile: ConnectionProfile, options: { editing: boolean }): void {
    this.draft = structuredClone(profile);
    this.editing = options.editing;
    this.tab = profile.mode;
    this.password = '';
    this.sslpassword = '';
    this.sshSecret = '';
    this.touched = new Set();
    this.#edited.clear();
    this.submitted = false;
    this.#test.reset();
    this.actionError = undefined;
    this.parsed = undefined;
    this.connectionString = '';
    this.#stringStale = true;
    this.#sslChosen = options.editing || profile.hosts.some((h) => h.host !== '');
    this.#databases.clear();
    this.azureMeta = undefined;
    this.savedPassword = undefined;
    if (profile.mode === 'connectionString') void this.#ensureConnInfo().then(() => this.#syncStringFromFields());
  }

  /** Applies a change the user made, with what follows from it (SSL defaults for a new host). */
  #patch(patch: Partial<ConnectionProfile>): void {
    let next: ConnectionProfile = { ...this.draft, ...patch };
    if (patch.hosts && !this.#sslChosen) next = { ...next, ssl: withDefaultSsl(next.ssl, next.hosts) };
    this.draft = next;
    if (this.tab !== 'connectionString') this.#stringStale = true;
    this.#test.clearResult();
    this.actionError = undefined;
  }

  #touch(field: string): void {
    if (!this.touched.has(field)) this.touched = new Set([...this.touched, field]);
  }

  /** A field counts as touched once it was edited and then left (Lion's "dirty and blurred"). */
  #onInputCapture(e: Event): void {
    const target = e.composedPath()[0];
    if (target instanceof HTMLElement && target.dataset.field) this.#edited.add(target.dataset.field);
  }

  #onFocusOut(e: FocusEvent): void {
    const target = e.composedPath()[0];
    const field = target instanceof HTMLElement ? target.dataset.field : undefined;
    if (field && this.#edited.has(field)) this.#touch(field);
  }

  #onHostInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    const [first = { host: '' }, ...rest] = this.draft.hosts;
    this.#patch({ hosts: [{ ...first, host: input.value.trim() }, ...rest] });
  }

  #onHostChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    const split = splitHostPort(input.value);
    if (!split) return;
    const [, ...rest] = this.draft.hosts;
    this.#patch({ hosts: [{ host: split.host, port: split.port }, ...rest] });
    input.value = split.host;
    this.#announce(`Port ${split.port} moved to the Port field.`);
  }

  #onPortInput(e: Event): void {
    const raw = (e.target as HTMLInputElement).value.trim();
    const [first = { host: '' }, ...rest] = this.draft.hosts;
    const { port: _old, ...host } = first;
    this.#patch({ hosts: [raw === '' ? host : { ...host, port: Number(raw) }, ...rest] });
  }

  #onText(key: 'database' | 'name' | 'envVar' | 'service') {
    return (e: Event) => {
      const value = (e.target as HTMLInputElement).value;
      const next = { ...this.draft } as ConnectionProfile & Record<string, unknown>;
      if (value.trim() === '' && key !== 'name') delete next[key];
      else next[key] = key === 'name' ? value : value.trim();
      this.draft = next;
      this.#patch({});
    };
  }

  #onClient<K extends keyof ConnectionProfile['client']>(key: K, value: ConnectionProfile['client'][K] | undefined): void {
    const client = { ...this.draft.client, [key]: value };
    if (value === undefined || value === '') delete client[key];
    this.#patch({ client });
  }

  #onAuthChange(e: PgAuthChangeEvent): void {
    e.stopPropagation();
    this.password = e.detail.password ?? '';
    this.#patch({ auth: e.detail.value });
  }

  #onSslChange(e: PgSslChangeEvent): void {
    e.stopPropagation();
    this.#sslChosen = true;
    if (e.detail.sslpassword !== undefined) this.sslpassword = e.detail.sslpassword;
    this.#patch({ ssl: e.detail.value });
  }

  #onSshChange(e: PgSshChangeEvent): void {
    e.stopPropagation();
    this.sshSecret = e.detail.secret ?? '';
    this.#patch({ ssh: e.detail.value });
  }

  #onHostaddrInput(e: Event): void {
    const v = (e.target as HTMLInputElement).value.trim();
    const { hostaddr: _h, ...rest } = this.draft;
    this.draft = v ? { ...rest, hostaddr: v.split(',').map((s) => s.trim()) } : rest;
    this.#patch({});
  }

  #onEnvironmentChange(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    const { environment: _e, ...rest } = this.draft;
    this.draft = v ? { ...rest, environment: v } : rest;
  }

  #onGroupChange(e: Event): void {
    const groupId = (e.target as HTMLSelectElement).value;
    const { groupId: _old, ...rest } = this.draft;
    this.draft = groupId ? { ...rest, groupId } : rest;
  }

  #onSavePasswordChange(e: Event): void {
    if (this.draft.auth.type === 'password') this.#patch({ auth: { ...this.draft.auth, savePassword: (e.target as HTMLInputElement).checked } });
  }

  #onSectionToggle(section: Section, open: boolean): void {
    if (open === this.openSections.has(section)) return;
    const next = new Set(this.openSections);
    if (open) next.add(section);
    else next.delete(section);
    this.openSections = next;
  }

  #onAzureServerSelect(e: PgAzureServerSelectEvent): void {
    const d = e.detail;
    this.#sslChosen = true;
    this.#patch({
      hosts: [{ host: d.host, port: DEFAULT_PORT }],
      ssl: { ...this.draft.ssl, sslmode: 'verify-full', rootCert: 'system' },
      azure: { subscriptionId: d.subscriptionId, resourceGroup: d.resourceGroup, serverName: d.serverName },
      name: this.draft.name || d.serverName,
    });
    this.#selectTab('parameters');
    this.#announce(`Selected ${d.serverName}. Review the fields and choose Save & Connect.`);
  }

  #onTabKeydown(e: KeyboardEvent): void {
    const tab = tabForKey(this.tab, e.key);
    if (!tab) return;
    e.preventDefault();
    this.#selectTab(tab);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  #selectTab(tab: SourceMode): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.draft = { ...this.draft, mode: tab };
    if (tab === 'connectionString') void this.#ensureConnInfo().then(() => this.#syncStringFromFields());
    if (tab === 'azure' && !this.azureLoaded) void import('./pg-azure-browser.js').then(() => (this.azureLoaded = true));
  }

  async #ensureConnInfo(): Promise<ConnInfoModule> {
    if (!this.#conninfo) {
      const [conninfo, stringSync, parseFeedback] = await Promise.all([import('../internal/conninfo.js'), import('./string-sync.js'), import('./sections/parse-feedback.js')]);
      this.#stringSync = stringSync;
      this.#parseFeedback = parseFeedback;
      this.#conninfo = conninfo;
    }
    this.requestUpdate();
    return this.#conninfo;
  }

  /** Fields → string: writes the draft in the format the user pasted (when core can write it) or as a URI. */
  #syncStringFromFields(): void {
    const conninfo = this.#conninfo;
    if (!conninfo || !this.#stringStale) return;
    this.#stringStale = false;
    if (!this.draft.hosts.some((h) => h.host !== '') && !this.draft.service) return;
    const previous = this.parsed?.format;
    const format: OutputFormat = previous && OUTPUT_FORMATS.some((f) => f.format === previous) ? (previous as OutputFormat) : 'uri';
    try {
      this.connectionString = conninfo.formatConnectionString(this.draft, format);
      this.parsed = conninfo.parseConnectionString(this.connectionString);
    } catch (error) {
      this.#reportError(error);
    }
  }

  /** String → fields, live on every keystroke. */
  #onStringInput(e: Event): void {
    const text = (e.target as HTMLTextAreaElement).value;
    this.connectionString = text;
    const conninfo = this.#conninfo;
    if (!conninfo) return;
    if (text.trim() === '') {
      this.parsed = undefined;
      return;
    }
    const result = conninfo.parseConnectionString(text);
    this.parsed = result;
    if (!result.ok || !this.#stringSync) return;
    const next = this.#stringSync.draftFromString(this.draft, result, this.#sslChosen);
    this.#sslChosen = next.sslChosen;
    this.draft = next.draft;
    this.#test.reset();
    if (result.secrets.password !== undefined && result.secrets.password !== this.password) {
      this.password = result.secrets.password;
      this.#announce('The password from the string was moved to the Password field.');
    }
  }

  async #copy(): Promise<void> {
    const text = this.#copyText();
    if (text === undefined) return;
    const label = OUTPUT_FORMATS.find((f) => f.format === this.copyFormat)?.label ?? this.copyFormat;
    try {
      await navigator.clipboard.writeText(text);
      this.#announce(`Copied as ${label}${this.copyWithPassword && this.password ? ', with the password' : ''}.`);
    } catch {
      const preview = this.renderRoot.querySelector<HTMLTextAreaElement>('#copy-preview');
      preview?.focus();
      preview?.select();
      this.#announce('The clipboard is not available here: the text is selected, press Ctrl+C (⌘C) to copy it.');
    }
  }

  #copyText(): string | undefined {
    const conninfo = this.#conninfo;
    if (!conninfo) return undefined;
    try {
      return conninfo.formatConnectionString(this.draft, this.copyFormat, { includePassword: this.copyWithPassword, password: this.password });
    } catch (error) {
      return `# ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #announce(text: string): void {
    // Re-announce identical text: clear first, then set on the next frame.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = text));
  }

  #applyPreset(match: ProviderMatch): void {
    const preset = match.preset;
    const ssl = { ...this.draft.ssl, sslmode: preset.sslmode };
    if (preset.rootCert.kind === 'system') ssl.rootCert = 'system';
    else if (ssl.rootCert === 'system') delete ssl.rootCert;
    const [first = { host: '' }, ...rest] = this.draft.hosts;
    this.#sslChosen = true;
    this.#patch({ ssl, hosts: [{ ...first, port: preset.port }, ...rest] });
    this.#announce(`Applied the recommended settings for ${match.service}.`);
  }

  #detectProvider(host: string): ProviderMatch | null {
    // No service matches an empty host; skipping it keeps the detectors' patterns out of the first render.
    if (this.#provider?.host !== host) this.#provider = { host, match: host === '' ? null : detectProvider(host) };
    return this.#provider.match;
  }

  #onProfileSelect(e: PgProfileSelectEvent): void {
    const { profile, list } = e.detail;
    if ('hosts' in profile) {
      this.#load(profile, { editing: list === 'saved' });
      this.savedPassword = false;
      this.sidePanelOpen = false;
      return;
    }
    const client = this.#client;
    if (!client) return;
    client
      .request('profiles.get', { profileId: profile.id })
      .then((result) => {
        this.#load(result.profile, { editing: true });
        this.savedPassword = result.secrets.hasPassword;
        this.sidePanelOpen = false;
      })
      .catch((error: unknown) => this.#reportError(error));
  }

  /**
   * Escape goes through the same cancelable request as the buttons. Handling the key itself matters: the
   * dialog's own `cancel` event is not cancelable without recent user activation, so it could not be vetoed.
   */
  #onKeydown(e: KeyboardEvent): void {
    if (e.defaultPrevented) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      this.#requestClose('keyboard');
      return;
    }
    // Enter in a text field of a nested element submits, as it does in the dialog's own fields.
    const target = e.composedPath()[0];
    if (e.key === 'Enter' && target instanceof HTMLInputElement && target.getRootNode() !== this.renderRoot && !['checkbox', 'radio', 'button', 'submit', 'color'].includes(target.type)) {
      e.preventDefault();
      this.renderRoot.querySelector('form')?.requestSubmit();
    }
  }

  #onDialogCancel(e: Event): void {
    if (!e.cancelable) return; // the platform closes it regardless; onDialogClose keeps `open` in step
    e.preventDefault();
    this.#requestClose('keyboard');
  }

  #onDialogClose(): void {
    if (this.open) this.open = false;
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected && deepActiveElement() !== opener) opener.focus();
  }

  #requestClose(source: 'close-button' | 'cancel-button' | 'keyboard'): void {
    const event = new PgCloseRequestEvent({ source });
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    this.#test.cancel();
    this.open = false;
  }

  #issues(): ValidationIssue[] {
    return this.#validation.issues(this.draft, this.#validationContext());
  }

  #validationContext(): ValidationContext {
    return { bridge: this.#client?.info?.mode ?? 'local' };
  }

  #visible(issues: ValidationIssue[]): ValidationIssue[] {
    if (this.submitted) return issues;
    return issues.filter((i) => [...this.touched].some((t) => i.field === t || i.field.startsWith(`${t}.`) || t.startsWith(`${i.field}.`)));
  }

  /**
   * The draft as it was checked, to act on, when it has no error; otherwise marks the form submitted and moves
   * focus to the first error. Undefined, too, for a second click while the first is still waiting for the
   * validator to load (one action per click), and when, by the time it has loaded, the dialog was closed or the
   * form holds another draft (edited, loaded): the click was about a draft that is gone.
   */
  async #validDraft(): Promise<ConnectionProfile | undefined> {
    if (this.#checking) return undefined;
    this.#checking = true;
    const checked = this.draft;
    let issues: ValidationIssue[];
    try {
      issues = await this.#validation.check(checked, this.#validationContext());
    } catch (error) {
      this.#reportError(error);
      return undefined;
    } finally {
      this.#checking = false;
    }
    if (!this.open || this.draft !== checked) return undefined;
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length === 0) return structuredClone(checked);
    this.submitted = true;
    const rank = (field: string) => {
      const i = FIELD_ORDER.indexOf(field.split('.')[0] ?? '');
      return i < 0 ? FIELD_ORDER.length : i;
    };
    const first = [...errors].sort((a, b) => rank(a.field) - rank(b.field))[0];
    if (first) await this.#focusField(first.field);
    this.#announce(`${errors.length} ${errors.length === 1 ? 'field needs' : 'fields need'} attention.`);
    return undefined;
  }

  async #focusField(field: string): Promise<void> {
    const section = field.startsWith('ssl.') ? 'ssl' : field.startsWith('ssh.') ? 'ssh' : field.startsWith('client.') ? 'client' : undefined;
    if (section) {
      this.advancedOpen = true;
      this.openSections = new Set([...this.openSections, section]);
    }
    if (this.tab !== 'parameters' && (field.startsWith('hosts') || field.startsWith('auth') || field === 'database')) {
      if (this.tab === 'connectionString') {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#connection-string')?.focus();
        return;
      }
    }
    await this.updateComplete;
    const child = field.startsWith('auth.') ? 'pg-auth-settings' : field.startsWith('ssl.') ? 'pg-ssl-settings' : field.startsWith('ssh.') ? 'pg-ssh-settings' : undefined;
    if (child) {
      const el = this.renderRoot.querySelector(child) as (HTMLElement & { focusField(f: string): boolean; updateComplete: Promise<boolean> }) | null;
      if (el) {
        await el.updateComplete;
        el.focusField(field);
      }
      return;
    }
    this.renderRoot.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`)?.focus();
  }

  async #openSection(section: Section): Promise<void> {
    this.advancedOpen = true;
    this.openSections = new Set([...this.openSections, section]);
    await this.updateComplete;
    const summary = this.renderRoot.querySelector<HTMLElement>(`details[data-section="${section}"] > summary`);
    summary?.focus();
    summary?.scrollIntoView({ block: 'nearest' });
  }

  #secrets(): Secrets {
    const secrets: Secrets = {};
    if (this.password) secrets.password = this.password;
    if (this.sslpassword) secrets.sslpassword = this.sslpassword;
    if (this.sshSecret && this.draft.ssh?.enabled) {
      if (this.draft.ssh.auth.type === 'password') secrets.sshPassword = this.sshSecret;
      else if (this.draft.ssh.auth.type === 'privateKey') secrets.sshPassphrase = this.sshSecret;
    }
    return secrets;
  }

  /** The secrets for a connection attempt: the saved kinds plus the page's own Entra token, which is never saved. */
  #connectSecrets(): ConnectSecrets {
    const entraToken = this.renderRoot.querySelector('pg-auth-settings')?.entraToken;
    return { ...this.#secrets(), ...(entraToken && { entraToken }) };
  }

  async #onTest(): Promise<void> {
    if (this.#test.running) return;
    this.actionError = undefined;
    const profile = await this.#validDraft();
    if (profile) await this.#test.run({ profile, secrets: this.#connectSecrets() });
  }

  async #onSaveAndConnect(e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.busy) return;
    this.actionError = undefined;
    const validated = await this.#validDraft();
    if (!validated) return;
    let profile = validated;
    const secrets = this.#secrets();
    const save = new PgSaveRequestEvent({ profile, secrets });
    this.dispatchEvent(save);
    const client = this.#client;
    this.busy = 'save';
    try {
      if (!save.defaultPrevented && client) {
        profile = (await client.request('profiles.save', { profile, secrets })).profile;
        this.draft = { ...this.draft, id: profile.id };
        this.editing = true;
      }
      const connectSecrets = this.#connectSecrets();
      const connect = new PgConnectRequestEvent({ profile, secrets: connectSecrets });
      this.dispatchEvent(connect);
      if (connect.defaultPrevented) return;
      if (!client) {
        if (!save.defaultPrevented) throw new Error('No bridge is connected. Provide a bridge client, or handle pg-save-request and pg-connect-request in the page.');
        return;
      }
      const opened = await this.#hostKeys.run((id) => client.request('connection.open', { profile, secrets: connectSecrets }, { id }));
      this.#opened.set(opened.connectionId, profile.name || profile.hosts[0]?.host || 'the connection');
      this.dispatchEvent(new PgConnectedEvent({ profile, connectionId: opened.connectionId }));
      this.open = false;
    } catch (error) {
      this.#reportError(error);
    } finally {
      this.busy = undefined;
    }
  }

  async #fetchAzureMetadata(): Promise<void> {
    const client = this.#client;
    const host = this.draft.hosts[0]?.host ?? '';
    if (!client) return;
    try {
      const accountId = this.draft.auth.type === 'entra' ? this.draft.auth.account : '';
      this.azureMeta = await client.request('azure.metadata.fetch', { accountId, host });
      this.#patch({ azure: { subscriptionId: this.azureMeta.subscriptionId, resourceGroup: this.azureMeta.resourceGroup, serverName: this.azureMeta.serverName } });
    } catch (error) {
      this.#reportError(error);
    }
  }

  #reportError(error: unknown): void {
    this.actionError = toErrorPayload(error);
    this.#hostKeys.loadFor(this.actionError.code);
    this.dispatchEvent(new PgErrorEvent(this.actionError));
  }

  #focusFirstField(): void {
    const target = this.tab === 'connectionString' ? '#connection-string' : this.tab === 'envVar' ? '#env-var' : this.tab === 'azure' ? `#tab-azure` : '#server';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /* ── public methods ───────────────────────────────────────────────────────────────────────────────────── */

  show(): void {
    this.open = true;
  }

  close(): void {
    this.open = false;
  }

  /** Reports a stage of a test the host runs itself (after cancelling `pg-test-request`). */
  showTestStage(stage: StageReport): void {
    this.#test.showStage(stage);
  }

  /** Reports the end of a test: the check or the warning, the hint, and the privileges. */
  showTestResult(report: TestReport): void {
    this.#test.showResult(report);
  }

  /* ── render ───────────────────────────────────────────────────────────────────────────────────────────── */

  override render() {
    // Problems show only for fields the user has left, after a submit, or for a typed connection string: until
    // then nothing needs the (whole-profile) validation.
    const shown = this.submitted || this.touched.size > 0 || (this.tab === 'connectionString' && this.connectionString.trim() !== '');
    const issues = shown ? this.#issues() : [];
    const visible = this.#visible(issues);
    const { draft, tab } = this;
    const test = this.#test.state;
    const client = this.#client;
    const host = draft.hosts[0]?.host ?? '';
    const notice = this.connectionNotice;
    // What the Parameters and Connection String tabs share.
    const credentials = {
      draft,
      password: this.password,
      hasPassword: this.savedPassword ?? this.hasPassword,
      secretStore: this.#lookups.secretStore,
      onApplyPreset: (match: ProviderMatch) => this.#applyPreset(match),
      onChooseCaFile: () => void this.#openSection('ssl'),
    };
    return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="eyebrow" @cancel=${this.#onDialogCancel} @close=${this.#onDialogClose} @keydown=${this.#onKeydown}>
      <div class="layout ${this.noSidePanel ? 'no-side' : ''} ${this.sidePanelOpen ? 'side-open' : ''}">
        ${this.noSidePanel
          ? nothing
          : renderSidePanel({
              saved: this.saved,
              recent: this.recent,
              groups: this.#lookups.groups,
              client,
              selectedId: this.editing ? draft.id : '',
              azure: draft.azure,
              showAzure: this.#detectProvider(host)?.provider === 'azure' || Boolean(draft.azure),
              onProfileSelect: this.#onProfileSelect,
              onFetchAzureMetadata: () => void this.#fetchAzureMetadata(),
            })}
        <form class="main" novalidate @submit=${(e: Event) => void this.#onSaveAndConnect(e)} @focusout=${this.#onFocusOut} @input=${this.#onInputCapture}>
          ${renderHeader({
            editing: this.editing,
            title: this.editing ? draft.name || draft.hosts[0]?.host || 'Connection' : 'Connect to PostgreSQL Server',
            noSidePanel: this.noSidePanel,
            sidePanelOpen: this.sidePanelOpen,
            onToggleSidePanel: () => (this.sidePanelOpen = !this.sidePanelOpen),
            onClose: () => this.#requestClose('close-button'),
          })}
          <div class="body" part="body">
            ${renderBridgeBanner({
              reconnecting: this.bridgeState === 'reconnecting' || (this.bridgeState === 'connecting' && client?.info === undefined && test.status === 'running'),
              unverified: this.bridgeState === 'unverified',
            })}
            ${notice ? renderConnectionNotice({ notice, name: this.#opened.get(notice.connectionId), onDismiss: () => (this.connectionNotice = undefined) }) : nothing}
            ${renderTabs({ tab, onKeydown: this.#onTabKeydown, onSelect: (id) => this.#selectTab(id) })}
            <div class="panel" role="tabpanel" id="panel-${tab}" aria-labelledby="tab-${tab}">
              ${tab === 'parameters'
                ? renderParameters({
                    ...credentials,
                    visible,
                    provider: this.#detectProvider(host),
                    databases: this.#databases.names,
                    canListDatabases: this.#databases.canList,
                    client,
                    tokenExpiresAt: this.tokenExpiresAt,
                    entraPopup: this.entraPopup,
                    onHostInput: this.#onHostInput,
                    onHostChange: this.#onHostChange,
                    onPortInput: this.#onPortInput,
                    onAuthChange: this.#onAuthChange,
                    onDatabaseInput: this.#onText('database'),
                    onListDatabases: () => void this.#databases.load(),
                  })
                : nothing}
              ${tab === 'connectionString'
                ? renderConnectionString({
                    ...credentials,
                    visible,
                    issues,
                    connectionString: this.connectionString,
                    parsed: this.parsed,
                    submitted: this.submitted,
                    loaded: this.#conninfo !== undefined,
                    parseFeedback: this.#parseFeedback,
                    provider: this.parsed?.ok ? this.#detectProvider(host) : null,
                    copyFormat: this.copyFormat,
                    copyWithPassword: this.copyWithPassword,
                    copyText: this.#copyText(),
                    onStringInput: this.#onStringInput,
                    onPasswordInput: (e) => (this.password = (e.target as HTMLInputElement).value),
                    onSavePasswordChange: this.#onSavePasswordChange,
                    onCopyFormatChange: (e) => (this.copyFormat = (e.target as HTMLSelectElement).value as OutputFormat),
                    onCopyWithPasswordChange: (e) => (this.copyWithPassword = (e.target as HTMLInputElement).checked),
                    onCopy: () => void this.#copy(),
                  })
                : nothing}
              ${tab === 'azure'
                ? renderAzure({ loaded: this.azureLoaded, client, accountId: draft.auth.type === 'entra' ? draft.auth.account : '', onServerSelect: this.#onAzureServerSelect })
                : nothing}
              ${tab === 'envVar' ? renderEnvVar({ envVar: draft.envVar ?? '', visible, onInput: this.#onText('envVar') }) : nothing}
              ${renderIdentity({ draft, visible, groups: this.#lookups.groups, onNameInput: this.#onText('name'), onGroupChange: this.#onGroupChange })}
            </div>
            ${this.advancedOpen
              ? renderAdvanced({
                  draft,
                  visible,
                  openSections: this.openSections,
                  sshSecret: this.sshSecret,
                  noFilePaths: client?.info?.mode === 'server',
                  onPatch: (patch) => this.#patch(patch),
                  onClient: (key, value) => this.#onClient(key, value),
                  onServiceInput: this.#onText('service'),
                  onHostaddrInput: this.#onHostaddrInput,
                  onEnvironmentChange: this.#onEnvironmentChange,
                  onSectionToggle: (section, open) => this.#onSectionToggle(section, open),
                  onSslChange: this.#onSslChange,
                  onSshChange: this.#onSshChange,
                })
              : nothing}
            ${renderTestResult({ test, hostKey: this.#hostKeys.module, onOpenSection: (section) => void this.#openSection(section) })}
            ${this.actionError
              ? html`<div class="callout bad" role="alert">${icons.error()}<div><strong>${this.actionError.message}</strong>${this.actionError.hint ? html`<p>${this.actionError.hint}</p>` : nothing}${this.actionError.code === 'SSH_HOST_KEY_CHANGED' ? this.#hostKeys.module?.renderHostKeyChanged(this.actionError.data) : nothing}</div></div>`
              : nothing}
          </div>
          ${renderFooter({
            advancedOpen: this.advancedOpen,
            running: test.status === 'running',
            report: test.status === 'done' ? test.report : undefined,
            busy: Boolean(this.busy),
            onToggleAdvanced: () => (this.advancedOpen = !this.advancedOpen),
            onStopTest: () => this.#test.cancel(),
            onCancel: () => this.#requestClose('cancel-button'),
            onTest: () => void this.#onTest(),
          })}
          <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
        </form>
      </div>
      ${this.#hostKeys.render()}
    </dialog>`;
  }
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

// Fonts and style sheets of the first screen, prepared while the page is idle (see warmup.ts).
scheduleWarmup(PgConnectionDialog, PgAuthSettings, PgConnectionList);

declare global {
  interface HTMLElementTagNameMap {
    'pg-connection-dialog': PgConnectionDialog;
  }
}
