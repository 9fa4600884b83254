import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, query, state } from 'lit/decorators.js';
import { toErrorPayload } from '../client/bridge-error.js';
import type { BridgeService, BridgeState } from '../client/bridge-client.js';
import type { AzureMetadataResult, ConnectionLost, ErrorPayload, ProfileListItem, RecentEntry, Secrets, SecretStoreKind, ServerGroup, SshHostKeyPrompt, StageReport, TestReport } from '../client/protocol.js';
import { bridgeContext } from '../context/bridge-context.js';
import { PgCloseRequestEvent } from '../events/pg-close-request.js';
import { PgConnectRequestEvent } from '../events/pg-connect-request.js';
import { PgConnectedEvent } from '../events/pg-connected.js';
import { PgErrorEvent } from '../events/pg-error.js';
import type { PgProfileSelectEvent } from '../events/pg-profile-select.js';
import { PgSaveRequestEvent } from '../events/pg-save-request.js';
import { PgTestRequestEvent } from '../events/pg-test-request.js';
import type { PgAuthChangeEvent } from '../events/pg-auth-change.js';
import type { PgAzureServerSelectEvent } from '../events/pg-azure-server-select.js';
import type { PgSshChangeEvent } from '../events/pg-ssh-change.js';
import type { PgSslChangeEvent } from '../events/pg-ssl-change.js';
import { createProfile, DEFAULT_PORT, detectProvider, validateProfile, withDefaultSsl } from '../internal/core.js';
import { scheduleWarmup } from '../internal/warmup.js';
import type { ConnectionProfile, OutputFormat, ParseResult, ProviderMatch, SourceMode, ValidationIssue } from '../internal/core.js';
import { icons } from '../internal/icons.js';
import { randomId } from '../internal/ids.js';
import { describedBy, hasError, issuesFor, issuesUnder, renderIssues } from '../internal/issues.js';
import { PgAuthSettings } from '../auth-settings/pg-auth-settings.js';
import type { EntraPopupConfig } from '../entra/config.js';
import type { ConnectSecrets } from '@pgconnect/core/protocol/messages/profile.js';
import { PgConnectionList } from '../connection-list/pg-connection-list.js';
import { DEFAULT_SSH } from '../ssh-settings/defaults.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import type * as ConnInfo from '../internal/conninfo.js';
import { splitHostPort } from './host-port.js';
import type * as HostKey from './host-key.js';
import { FORMAT_LABELS, OUTPUT_FORMATS, STAGE_LABELS } from './labels.js';
import { SAVE_PASSWORD_LABEL, secretStoreHelp } from '../internal/secret-store.js';
import styles from './pg-connection-dialog.styles.js';

type ConnInfoModule = typeof ConnInfo;

/**
 * Elements the dialog shows only after a click (the Advanced drawer, the privilege report) are loaded then, to
 * keep the dialog's initial JavaScript small; they upgrade in place when their module arrives.
 */
export const loadAdvancedElements = () => Promise.all([import('../ssl-settings/pg-ssl-settings.js'), import('../ssh-settings/pg-ssh-settings.js')]);
export const loadResultElements = () => import('../permissions-view/pg-permissions-view.js');
/** The SSH host-key prompt and the changed-key report: only connections through an SSH tunnel need them. */
const loadHostKey = () => import('./host-key.js');

interface TabInfo {
  id: SourceMode;
  label: string;
}

const TABS: readonly TabInfo[] = [
  { id: 'parameters', label: 'Parameters' },
  { id: 'connectionString', label: 'Connection String' },
  { id: 'azure', label: 'Browse Azure' },
  { id: 'envVar', label: 'Environment Variable' },
];

/** The Advanced drawer's accordion sections. */
type Section = 'source' | 'security' | 'server' | 'client' | 'ssl' | 'copilot' | 'ssh';

/** Fields in the order a person fills them, so "the first invalid field" is the one they meet first. */
const FIELD_ORDER = ['hosts', 'auth', 'database', 'envVar', 'name', 'client', 'ssl', 'ssh'];

/** A push about a connection this page uses: lost (maybe reconnecting) or restored. */
type ConnectionNotice = { kind: 'lost'; connectionId: string; error: ConnectionLost['error']; reconnecting: boolean } | { kind: 'restored'; connectionId: string };

type TestState =
  | { status: 'idle' }
  | { status: 'running'; testId: string; stages: StageReport[]; viaClient: boolean }
  | { status: 'done'; report: TestReport };

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
  #opener: HTMLElement | null = null;
  #unsubscribe: (() => void) | undefined;
  #stringStale = true;
  /** The user (or a pasted string) chose sslmode/root certificate; host edits no longer reset them. */
  #sslChosen = false;
  readonly #edited = new Set<string>();
  /** Ids of this dialog's requests that may be paused on a prompt (`connection.test`, `connection.open`). */
  readonly #ownRequests = new Set<string>();
  /** Connections this dialog opened, by id, with the name to show in the banner. */
  readonly #opened = new Map<string, string>();
  #hostKey: typeof HostKey | undefined;
  /** Settles once the dialog opened by the last update is shown (see `#showModal`). */
  #opening: Promise<void> | undefined;
  /** `detectProvider` of the last host asked about: the side panel and the form both need it on each render. */
  #provider: { host: string; match: ProviderMatch | null } | undefined;
  /** The client `secretStore` was asked of: where a bridge keeps secrets does not change while it runs. */
  #secretStoreOf: BridgeService | undefined;

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
  @state() private test: TestState = { status: 'idle' };
  @state() private busy: 'save' | undefined;
  @state() private actionError: ErrorPayload | undefined;
  @state() private bridgeState: BridgeState | undefined;
  @state() private loadedDatabases: string[] = [];
  @state() private sidePanelOpen = false;
  @state() private azureMeta: AzureMetadataResult | undefined;
  @state() private azureLoaded = false;
  /** Whether a password is saved for a profile loaded from the side panel; `hasPassword` covers `profile`. */
  @state() private savedPassword: boolean | undefined;
  @state() private hostKeyPrompt: SshHostKeyPrompt | undefined;
  @state() private connectionNotice: ConnectionNotice | undefined;
  /** When the cloud token of a connection this dialog opened expires (`event.token.refreshed`). */
  @state() private tokenExpiresAt: string | undefined;
  /** The bridge's server groups, asked for each time the dialog opens (unless the page gives `groups`). */
  @state() private loadedGroups: ServerGroup[] = [];
  /** Where the bridge keeps a saved password (`secrets.status`), for the "Save password" description. */
  @state() private secretStore: SecretStoreKind | undefined;

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

  get #groups(): ServerGroup[] {
    return this.groups ?? this.loadedGroups;
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
    if (changed.has('test' as keyof PgConnectionDialog)) {
      if (this.test.status === 'done' && this.test.report.privileges) void loadResultElements();
      // Bring the result into view when it appears and when it ends: with Advanced open it is below the drawer.
      const before = (changed.get('test' as keyof PgConnectionDialog) as TestState | undefined)?.status;
      if (this.test.status !== 'idle' && before !== this.test.status) this.#revealTestResult();
    }
    if (changed.has('hostKeyPrompt' as keyof PgConnectionDialog) && this.hostKeyPrompt) {
      const prompt = this.renderRoot.querySelector<HTMLDialogElement>('dialog.prompt');
      if (prompt && !prompt.open && this.dialog.open) prompt.showModal();
    }
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        const active = deepActiveElement();
        this.#opener = active instanceof HTMLElement ? active : null;
        this.#opening = this.#showModal();
        void this.#loadFromBridge();
      } else if (!this.open && this.dialog.open) {
        this.dialog.close();
      }
    }
  }

  /** `updateComplete` also waits until a dialog this update opened is shown, with focus in its first field. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await this.#opening;
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
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const client = this.#client;
    this.bridgeState = client?.state;
    if (!client) return;
    // A new client while the dialog is shown; the first update's opening asks by itself.
    if (this.hasUpdated && this.open) void this.#loadFromBridge();
    const onState = () => {
      this.bridgeState = client.state;
    };
    client.addEventListener('statechange', onState);
    const offs = [
      client.onPush('event.ssh.hostKey', (prompt) => {
        if (!this.#ownRequests.has(prompt.requestId)) return;
        void this.#loadHostKey().then(() => {
          // The request may have ended (timed out, cancelled) while the module loaded.
          if (this.#ownRequests.has(prompt.requestId)) this.hostKeyPrompt = prompt;
        });
      }),
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

  /**
   * What the form offers from the bridge: its server groups and where it keeps saved passwords. Asked each time
   * the dialog opens. While it is open the modal dialog keeps the page inert, so any group change made on the page
   * (`<pg-server-groups>`) happened before that. These are conveniences: when the bridge cannot
   * answer (an older bridge, a failure), the picker keeps "Default" and what it had, and nothing is reported.
   */
  async #loadFromBridge(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const askStore = this.#secretStoreOf !== client;
    const [groups, store] = await Promise.allSettled([
      this.groups ? undefined : client.request('groups.list', {}),
      askStore ? client.request('secrets.status', {}) : undefined,
    ]);
    if (client !== this.#client) return;
    if (groups.status === 'fulfilled' && groups.value) this.loadedGroups = groups.value.groups;
    if (store.status === 'fulfilled' && store.value) {
      this.secretStore = store.value.kind;
      this.#secretStoreOf = client;
    }
  }

  /** Scrolls Test Connection's result into view, at once when the user prefers reduced motion. */
  #revealTestResult(): void {
    const result = this.renderRoot.querySelector<HTMLElement>('[part="test-result"]');
    if (!result) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    result.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }

  async #loadHostKey(): Promise<void> {
    this.#hostKey ??= await loadHostKey();
    this.requestUpdate();
  }

  /** The user's answer to a host-key prompt. A trusted key is pinned in the draft, so saving keeps it. */
  #answerHostKey(trust: boolean): void {
    const prompt = this.hostKeyPrompt;
    if (!prompt) return;
    this.hostKeyPrompt = undefined;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog.prompt')?.close();
    if (trust && this.#hostKey) {
      this.draft = this.#hostKey.pinHostKey(this.draft, prompt);
      this.#announce(`Trusted the host key of ${prompt.host}; it is pinned in this connection.`);
    }
    const client = this.#client;
    if (client) void client.request('ssh.hostKey.confirm', { promptId: prompt.promptId, trust }).catch((error: unknown) => this.#reportError(error));
  }

  /** Runs a request that the bridge may pause on a prompt naming it (SSH host keys). */
  async #prompting<T>(run: (id: string) => Promise<T>): Promise<T> {
    const id = randomId();
    this.#ownRequests.add(id);
    try {
      return await run(id);
    } finally {
      this.#ownRequests.delete(id);
      if (this.hostKeyPrompt?.requestId === id) {
        this.hostKeyPrompt = undefined;
        this.renderRoot.querySelector<HTMLDialogElement>('dialog.prompt')?.close();
      }
    }
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
    this.test = { status: 'idle' };
    this.actionError = undefined;
    this.parsed = undefined;
    this.connectionString = '';
    this.#stringStale = true;
    this.#sslChosen = options.editing || profile.hosts.some((h) => h.host !== '');
    this.loadedDatabases = [];
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
    if (this.test.status === 'done') this.test = { status: 'idle' };
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

  #onTabKeydown(e: KeyboardEvent): void {
    const index = TABS.findIndex((t) => t.id === this.tab);
    const next =
      e.key === 'ArrowRight' ? (index + 1) % TABS.length
      : e.key === 'ArrowLeft' ? (index - 1 + TABS.length) % TABS.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? TABS.length - 1
      : -1;
    if (next < 0) return;
    e.preventDefault();
    const tab = TABS[next];
    if (!tab) return;
    this.#selectTab(tab.id);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus());
  }

  #selectTab(tab: SourceMode): void {
    if (tab === this.tab) return;
    this.tab = tab;
    this.draft = { ...this.draft, mode: tab };
    if (tab === 'connectionString') void this.#ensureConnInfo().then(() => this.#syncStringFromFields());
    if (tab === 'azure' && !this.azureLoaded) void import('./pg-azure-browser.js').then(() => (this.azureLoaded = true));
  }

  async #ensureConnInfo(): Promise<ConnInfoModule> {
    this.#conninfo ??= await import('../internal/conninfo.js');
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
    if (!result.ok) return;
    const { profile } = result;
    const keepIdentity = { id: this.draft.id, name: this.draft.name, scope: this.draft.scope, groupId: this.draft.groupId, color: this.draft.color, environment: this.draft.environment };
    const auth = profile.auth.type === 'password' && this.draft.auth.type === 'password' ? { ...profile.auth, savePassword: this.draft.auth.savePassword } : profile.auth;
    const sslGiven = 'sslmode' in result.keywords || 'sslrootcert' in result.keywords;
    if (sslGiven) this.#sslChosen = true;
    const ssl = sslGiven || this.#sslChosen ? profile.ssl : withDefaultSsl(profile.ssl, profile.hosts);
    const next: ConnectionProfile = { ...profile, ...stripUndefined(keepIdentity), auth, ssl, mode: 'connectionString' } as ConnectionProfile;
    if (this.draft.ssh && !profile.ssh) next.ssh = this.draft.ssh;
    this.draft = next;
    this.test = { status: 'idle' };
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
    this.#cancelRunningTest();
    this.open = false;
  }

  #issues(): ValidationIssue[] {
    return validateProfile(this.draft, { bridge: this.#client?.info?.mode ?? 'local' });
  }

  #visible(issues: ValidationIssue[]): ValidationIssue[] {
    if (this.submitted) return issues;
    return issues.filter((i) => [...this.touched].some((t) => i.field === t || i.field.startsWith(`${t}.`) || t.startsWith(`${i.field}.`)));
  }

  /** Marks the form submitted and moves focus to the first error; true when there is none. */
  async #checkValid(): Promise<boolean> {
    const errors = this.#issues().filter((i) => i.severity === 'error');
    if (errors.length === 0) return true;
    this.submitted = true;
    const rank = (field: string) => {
      const i = FIELD_ORDER.indexOf(field.split('.')[0] ?? '');
      return i < 0 ? FIELD_ORDER.length : i;
    };
    const first = [...errors].sort((a, b) => rank(a.field) - rank(b.field))[0];
    if (first) await this.#focusField(first.field);
    this.#announce(`${errors.length} ${errors.length === 1 ? 'field needs' : 'fields need'} attention.`);
    return false;
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
    if (this.test.status === 'running') return;
    this.actionError = undefined;
    if (!(await this.#checkValid())) return;
    const detail = { profile: structuredClone(this.draft), secrets: this.#connectSecrets() };
    const event = new PgTestRequestEvent(detail);
    this.dispatchEvent(event);
    const testId = randomId();
    const client = this.#client;
    this.test = { status: 'running', testId, stages: [], viaClient: !event.defaultPrevented && Boolean(client) };
    if (event.defaultPrevented) return;
    if (!client) {
      this.showTestResult({ testId, ok: false, code: 'BRIDGE_UNAVAILABLE', message: 'No bridge is connected, so the connection cannot be tested.', hint: 'Provide a bridge client, or handle pg-test-request in the page.', stages: [] });
      return;
    }
    const off = client.onPush('event.test.stage', (stage) => {
      if (stage.testId === testId) {
        const { testId: _id, ...report } = stage;
        this.showTestStage(report);
      }
    });
    try {
      const result = await this.#prompting((id) => client.request('connection.test', { testId, ...detail, privileges: true }, { id }));
      if (this.test.status === 'running' && this.test.testId === testId) this.showTestResult({ ...result, testId });
      // Quietly: "N databases found" would cut off the announcement of the result.
      if (result.ok) void this.#loadDatabases({ announce: false });
    } catch (error) {
      const payload = toErrorPayload(error);
      if (this.test.status === 'running' && this.test.testId === testId) {
        this.showTestResult({ testId, ok: false, code: payload.code, message: payload.message, ...(payload.hint ? { hint: payload.hint } : {}), stages: this.test.stages });
      }
      this.dispatchEvent(new PgErrorEvent(payload));
    } finally {
      off();
    }
  }

  #cancelRunningTest(): void {
    const test = this.test;
    if (test.status !== 'running') return;
    this.test = { status: 'idle' };
    const client = this.#client;
    if (test.viaClient && client) void client.request('connection.test.cancel', { testId: test.testId }).catch(() => undefined);
  }

  async #onSaveAndConnect(e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.busy) return;
    this.actionError = undefined;
    if (!(await this.#checkValid())) return;
    const secrets = this.#secrets();
    let profile = structuredClone(this.draft);
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
      const opened = await this.#prompting((id) => client.request('connection.open', { profile, secrets: connectSecrets }, { id }));
      this.#opened.set(opened.connectionId, profile.name || profile.hosts[0]?.host || 'the connection');
      this.dispatchEvent(new PgConnectedEvent({ profile, connectionId: opened.connectionId }));
      this.open = false;
    } catch (error) {
      this.#reportError(error);
    } finally {
      this.busy = undefined;
    }
  }

  async #loadDatabases(options: { announce: boolean } = { announce: true }): Promise<void> {
    const client = this.#client;
    if (!client || this.databases) return;
    try {
      const result = await client.request('databases.list', { profile: this.draft, secrets: this.#connectSecrets() });
      this.loadedDatabases = result.databases.filter((d) => d.allowConnections && !d.isTemplate).map((d) => d.name);
      if (options.announce) this.#announce(`${this.loadedDatabases.length} databases found.`);
    } catch (error) {
      this.#reportError(error);
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
    if (this.actionError.code === 'SSH_HOST_KEY_CHANGED') void this.#loadHostKey();
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
    const test = this.test;
    if (test.status !== 'running') return;
    const stages = [...test.stages];
    const i = stages.findIndex((s) => s.stage === stage.stage && s.target === stage.target);
    if (i >= 0) stages[i] = stage;
    else stages.push(stage);
    this.test = { ...test, stages };
  }

  /** Reports the end of a test: the check or the warning, the hint, and the privileges. */
  showTestResult(report: TestReport): void {
    this.test = { status: 'done', report };
    if (report.code === 'SSH_HOST_KEY_CHANGED') void this.#loadHostKey();
    // A success is announced politely; a failure is the result's own alert (announcing it here too would repeat it).
    if (report.ok) this.#announce(`Connection succeeded. ${report.message}`);
  }

  /* ── render ───────────────────────────────────────────────────────────────────────────────────────────── */

  override render() {
    // Problems show only for fields the user has left, after a submit, or for a typed connection string: until
    // then nothing needs the (whole-profile) validation.
    const shown = this.submitted || this.touched.size > 0 || (this.tab === 'connectionString' && this.connectionString.trim() !== '');
    const issues = shown ? this.#issues() : [];
    const visible = this.#visible(issues);
    return html`<dialog part="dialog" aria-labelledby="title" aria-describedby="eyebrow" @cancel=${this.#onDialogCancel} @close=${this.#onDialogClose} @keydown=${this.#onKeydown}>
      <div class="layout ${this.noSidePanel ? 'no-side' : ''} ${this.sidePanelOpen ? 'side-open' : ''}">
        ${this.noSidePanel ? nothing : this.#renderSide()}
        <form class="main" novalidate @submit=${(e: Event) => void this.#onSaveAndConnect(e)} @focusout=${this.#onFocusOut} @input=${this.#onInputCapture}>
          ${this.#renderHeader()}
          <div class="body" part="body">
            ${this.#renderBridgeBanner()}
            ${this.#renderConnectionNotice()}
            ${this.#renderTabs()}
            <div class="panel" role="tabpanel" id="panel-${this.tab}" aria-labelledby="tab-${this.tab}">
              ${this.tab === 'parameters' ? this.#renderParameters(visible) : nothing}
              ${this.tab === 'connectionString' ? this.#renderConnectionString(issues, visible) : nothing}
              ${this.tab === 'azure' ? this.#renderAzure() : nothing}
              ${this.tab === 'envVar' ? this.#renderEnvVar(visible) : nothing}
              ${this.#renderIdentity(visible)}
            </div>
            ${this.advancedOpen ? this.#renderAdvanced(visible) : nothing}
            ${this.#renderTest()}
            ${this.actionError
              ? html`<div class="callout bad" role="alert">${icons.error()}<div><strong>${this.actionError.message}</strong>${this.actionError.hint ? html`<p>${this.actionError.hint}</p>` : nothing}${this.actionError.code === 'SSH_HOST_KEY_CHANGED' ? this.#hostKey?.renderHostKeyChanged(this.actionError.data) : nothing}</div></div>`
              : nothing}
          </div>
          ${this.#renderFooter()}
          <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
        </form>
      </div>
      ${this.hostKeyPrompt ? this.#hostKey?.renderHostKeyPrompt(this.hostKeyPrompt, this.draft, (trust) => this.#answerHostKey(trust)) : nothing}
    </dialog>`;
  }

  #renderSide(): TemplateResult {
    const provider = this.#detectProvider(this.draft.hosts[0]?.host ?? '');
    const azure = provider?.provider === 'azure' || this.draft.azure;
    return html`<aside part="side-panel" id="side-panel" aria-label="Saved and recent connections">
      <pg-connection-list .saved=${this.saved} .recent=${this.recent} .groups=${this.#groups} .client=${this.#client} selected-id=${this.editing ? this.draft.id : ''}
        @pg-profile-select=${this.#onProfileSelect}></pg-connection-list>
      ${azure
        ? html`<section class="azure-meta" aria-labelledby="azure-meta-title">
            <h3 id="azure-meta-title">Azure metadata</h3>
            <dl>
              <dt>Subscription</dt><dd>${this.draft.azure?.subscriptionId ?? '—'}</dd>
              <dt>Resource group</dt><dd>${this.draft.azure?.resourceGroup ?? '—'}</dd>
            </dl>
            <button type="button" class="btn small" ?disabled=${!this.#client} @click=${() => void this.#fetchAzureMetadata()}>Fetch Azure metadata</button>
            <p class="help">Enables the server dashboard and metrics.</p>
          </section>`
        : nothing}
    </aside>`;
  }

  #detectProvider(host: string): ProviderMatch | null {
    // No service matches an empty host; skipping it keeps the detectors' patterns out of the first render.
    if (this.#provider?.host !== host) this.#provider = { host, match: host === '' ? null : detectProvider(host) };
    return this.#provider.match;
  }

  #renderHeader(): TemplateResult {
    const title = this.editing ? this.draft.name || this.draft.hosts[0]?.host || 'Connection' : 'Connect to PostgreSQL Server';
    return html`<div class="header" part="header">
      <div class="heading">
        <p id="eyebrow" class="eyebrow">${this.editing ? 'Edit Connection' : 'New Connection'}</p>
        <h2 id="title">${title}</h2>
      </div>
      ${this.noSidePanel
        ? nothing
        : html`<button type="button" class="btn small side-toggle" aria-controls="side-panel" aria-expanded=${this.sidePanelOpen ? 'true' : 'false'}
            @click=${() => (this.sidePanelOpen = !this.sidePanelOpen)}>${this.sidePanelOpen ? 'Back to form' : 'Saved'}</button>`}
      <button type="button" class="icon-btn close" aria-label="Close" @click=${() => this.#requestClose('close-button')}>${icons.close(18)}</button>
    </div>`;
  }

  #renderBridgeBanner(): TemplateResult | typeof nothing {
    if (this.bridgeState === 'reconnecting' || (this.bridgeState === 'connecting' && this.#client?.info === undefined && this.test.status === 'running')) {
      return html`<div class="callout warn bridge" role="status">${icons.spinner()}<span><strong>Bridge unavailable — reconnecting…</strong> Your entries are kept; requests continue once it is back.</span></div>`;
    }
    if (this.bridgeState === 'unverified') {
      return html`<div class="callout bad bridge" role="alert">${icons.error()}<span><strong>Bridge not verified.</strong> The program on the bridge address could not prove it holds the token, so nothing was sent to it. Restart <code>pgconnect serve</code> and open the URL it prints.</span></div>`;
    }
    return nothing;
  }

  #renderConnectionNotice(): TemplateResult | typeof nothing {
    const notice = this.connectionNotice;
    if (!notice) return nothing;
    const name = this.#opened.get(notice.connectionId);
    const what = name ? `The connection to ${name}` : 'A connection';
    const dismiss = html`<button type="button" class="icon-btn" aria-label="Dismiss" @click=${() => (this.connectionNotice = undefined)}>${icons.close(14)}</button>`;
    return notice.kind === 'lost'
      ? html`<div class="callout ${notice.reconnecting ? 'warn' : 'bad'} notice" part="connection-notice" role="alert">
          ${notice.reconnecting ? icons.spinner() : icons.error()}
          <div><strong>${what} was lost${notice.reconnecting ? ' — reconnecting…' : '.'}</strong><p>${notice.error.message}${notice.error.hint ? ` ${notice.error.hint}` : ''}</p></div>${dismiss}
        </div>`
      : html`<div class="callout good notice" part="connection-notice" role="status">${icons.checkCircle()}<div><strong>${what} was restored.</strong></div>${dismiss}</div>`;
  }

  #renderTabs(): TemplateResult {
    return html`<div class="tabs-row">
      <span class="tabs-label" id="connect-via">Connect via</span>
      <div class="tabs" role="tablist" aria-labelledby="connect-via" part="tabs" @keydown=${this.#onTabKeydown}>
        ${TABS.map(
          (t) => html`<button type="button" role="tab" id="tab-${t.id}" aria-selected=${t.id === this.tab ? 'true' : 'false'} aria-controls="panel-${t.id}"
            tabindex=${t.id === this.tab ? 0 : -1} @click=${() => this.#selectTab(t.id)}>${t.label}</button>`,
        )}
      </div>
    </div>`;
  }

  #field(id: string, field: string, label: string, value: string, visible: ValidationIssue[], options: { placeholder?: string; help?: string; optional?: boolean; type?: string; list?: string; autocomplete?: string; onInput: (e: Event) => void; onChange?: (e: Event) => void; inputmode?: string }): TemplateResult {
    const own = issuesFor(visible, field);
    return html`<div class="field">
      <label class="label" for=${id}>${label}${options.optional ? html` <span class="optional">(optional)</span>` : nothing}</label>
      <input id=${id} data-field=${field} type=${options.type ?? 'text'} spellcheck="false" autocomplete=${options.autocomplete ?? 'off'}
        inputmode=${options.inputmode ?? nothing} placeholder=${options.placeholder ?? nothing} list=${options.list ?? nothing} .value=${value}
        aria-invalid=${hasError(own) ? 'true' : 'false'} aria-describedby=${describedBy(options.help && `${id}-help`, own.length > 0 && `${id}-issues`)}
        @input=${options.onInput} @change=${options.onChange ?? nothing} />
      ${options.help ? html`<p id="${id}-help" class="help">${options.help}</p>` : nothing}
      ${renderIssues(`${id}-issues`, own)}
    </div>`;
  }

  #renderParameters(visible: ValidationIssue[]): TemplateResult {
    const first = this.draft.hosts[0] ?? { host: '' };
    const provider = this.#detectProvider(first.host);
    const databases = this.databases ?? this.loadedDatabases;
    return html`<div class="stack">
      <div class="server-row">
        ${this.#field('server', 'hosts.0.host', 'Server name', first.host, visible, {
          placeholder: 'localhost or db.example.com',
          help: 'Host name, IP address or socket directory. host:port is understood.',
          onInput: (e) => this.#onHostInput(e),
          onChange: (e) => this.#onHostChange(e),
        })}
        ${this.#field('port', 'hosts.0.port', 'Port', first.port === undefined ? '' : String(first.port), visible, {
          type: 'number',
          inputmode: 'numeric',
          placeholder: String(DEFAULT_PORT),
          onInput: (e) => this.#onPortInput(e),
        })}
      </div>
      ${provider ? this.#renderProvider(provider) : nothing}
      <pg-auth-settings .value=${this.draft.auth} .password=${this.password} ?has-password=${this.savedPassword ?? this.hasPassword} host=${first.host} .secretStore=${this.secretStore}
        .client=${this.#client} .tokenExpiresAt=${this.tokenExpiresAt} .entraPopup=${this.entraPopup}
        .issues=${issuesUnder(visible, 'auth')} @pg-auth-change=${this.#onAuthChange}></pg-auth-settings>
      <div class="row two">
        <div class="field">
          <label class="label" for="database">Database name <span class="optional">(optional)</span></label>
          <div class="with-button">
            <input id="database" data-field="database" type="text" spellcheck="false" autocomplete="off" list="database-list" placeholder="Default: same as the user name"
              .value=${this.draft.database ?? ''} @input=${this.#onText('database')} />
            <button type="button" class="btn" ?disabled=${!this.#client || this.databases !== undefined} aria-label="List databases on the server"
              title="List databases" @click=${() => void this.#loadDatabases()}>${icons.database()}</button>
          </div>
          <datalist id="database-list">${databases.map((d) => html`<option value=${d}></option>`)}</datalist>
        </div>
        <div></div>
      </div>
    </div>`;
  }

  #renderProvider(match: ProviderMatch): TemplateResult {
    const preset = match.preset;
    const port = this.draft.hosts[0]?.port ?? DEFAULT_PORT;
    const download = preset.rootCert.kind === 'download' ? preset.rootCert : undefined;
    const rootOk = download ? this.draft.ssl.rootCert !== undefined && this.draft.ssl.rootCert !== 'system' : this.draft.ssl.rootCert === 'system';
    const matches = this.draft.ssl.sslmode === preset.sslmode && port === preset.port && rootOk;
    return html`<div class="callout accent provider" part="provider">
      ${icons.info()}
      <div>
        <strong>${match.service}</strong>
        ${match.notes[0] ? html`<p>${match.notes[0]}</p>` : nothing}
        <p class="recommend">
          Recommended: <strong>${preset.sslmode}</strong> with ${download ? download.name : 'the system root certificates'}, port ${preset.port}.
          ${preset.authTypes.includes('awsIam') ? ' AWS IAM sign-in works here.' : preset.authTypes.includes('entra') ? ' Microsoft Entra sign-in works here.' : ''}
        </p>
        <p class="provider-actions">
          ${matches
            ? html`<span class="badge good">${icons.check(12)}Recommended settings in use</span>`
            : html`<button type="button" class="btn small" @click=${() => this.#applyPreset(match)}>Apply recommended settings</button>`}
          ${download?.url ? html`<a class="btn quiet small" href=${download.url} target="_blank" rel="noopener noreferrer">Download the CA bundle</a>` : nothing}
          ${download && !rootOk ? html`<button type="button" class="btn quiet small" @click=${() => void this.#openSection('ssl')}>Choose the CA file</button>` : nothing}
        </p>
      </div>
    </div>`;
  }

  #renderConnectionString(issues: ValidationIssue[], visible: ValidationIssue[]): TemplateResult {
    const parsed = this.parsed;
    const error = parsed && !parsed.ok ? parsed.error : undefined;
    // A string that cannot be read shows only why: the missing server and user follow from it.
    const sourceIssues = !error && (this.connectionString.trim() !== '' || this.submitted) ? issues.filter((i) => i.severity === 'error' && /^(hosts|auth\.user)/.test(i.field)) : [];
    const loaded = this.#conninfo !== undefined;
    const provider = parsed?.ok ? this.#detectProvider(this.draft.hosts[0]?.host ?? '') : null;
    return html`<div class="cs-grid">
      <div class="stack">
        <div class="field">
          <div class="label-row">
            <label class="label" for="connection-string">Connection string</label>
            ${parsed?.ok ? html`<span id="cs-format" class="badge accent">${FORMAT_LABELS[parsed.format]}</span>` : nothing}
          </div>
          <textarea id="connection-string" rows="5" spellcheck="false" autocomplete="off" .value=${this.connectionString} ?disabled=${!loaded}
            placeholder="postgresql://alice@db.example.com:5432/app?sslmode=verify-full"
            aria-invalid=${error || sourceIssues.length > 0 ? 'true' : 'false'}
            aria-describedby=${describedBy(parsed?.ok && 'cs-format', 'cs-help', error && 'cs-error', sourceIssues.length > 0 && 'cs-issues')} @input=${this.#onStringInput}></textarea>
          <p id="cs-help" class="help">URI, key=value, JDBC, Npgsql, a psql command, PG… exports, or a Node, Python, PHP or Ruby snippet. Leave the password out and type it below.</p>
          ${error ? this.#renderParseError(error) : nothing}
          ${renderIssues('cs-issues', sourceIssues)}
          ${parsed?.warnings.length
            ? html`<ul class="warnings">${parsed.warnings.map((w) => html`<li class="message warning">${icons.warning(14)}<span>${w.message}</span></li>`)}</ul>`
            : nothing}
        </div>
        ${this.draft.auth.type === 'password'
          ? html`<div class="row two">
              <div class="field">
                <label class="label" for="cs-password">Password</label>
                <input id="cs-password" type="password" autocomplete="current-password" .value=${this.password} placeholder=${(this.savedPassword ?? this.hasPassword) ? 'Saved — leave empty to keep' : ''}
                  @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)} />
              </div>
              <div class="field beside">
                <label class="check"><input id="cs-save-password" type="checkbox" .checked=${this.draft.auth.savePassword} aria-describedby=${describedBy(this.secretStore && 'cs-save-password-help')}
                  @change=${(e: Event) => this.draft.auth.type === 'password' && this.#patch({ auth: { ...this.draft.auth, savePassword: (e.target as HTMLInputElement).checked } })} />${SAVE_PASSWORD_LABEL}</label>
                ${this.secretStore ? html`<p id="cs-save-password-help" class="help">${secretStoreHelp(this.secretStore)}</p>` : nothing}
              </div>
            </div>`
          : nothing}
        ${this.#renderCopyAs()}
      </div>
      <div class="stack">
        ${this.#renderDetails(visible)}
        ${provider ? this.#renderProvider(provider) : nothing}
      </div>
    </div>`;
  }

  #renderParseError(error: { message: string; position: number; hint?: string }): TemplateResult {
    const text = this.connectionString;
    const start = Math.max(0, error.position - 28);
    const end = Math.min(text.length, error.position + 28);
    const at = text.slice(error.position, error.position + 1) || ' ';
    return html`<div id="cs-error" class="parse-error" role="alert">
      <p class="message error">${icons.error(14)}<span><strong>${error.message}</strong> (at character ${error.position + 1})</span></p>
      <pre class="excerpt" aria-hidden="true"><code>${start > 0 ? '…' : ''}${text.slice(start, error.position)}<mark>${at}</mark>${text.slice(error.position + 1, end)}${end < text.length ? '…' : ''}</code></pre>
      ${error.hint ? html`<p class="help">${error.hint}</p>` : nothing}
    </div>`;
  }

  #renderDetails(visible: ValidationIssue[]): TemplateResult {
    const parsed = this.parsed;
    const d = this.draft;
    const ok = parsed?.ok === true;
    const hosts = d.hosts.filter((h) => h.host !== '').map((h) => `${h.host}${h.port ? `:${h.port}` : ''}`);
    const user = 'user' in d.auth ? d.auth.user : undefined;
    const shown = new Set(['host', 'port', 'dbname', 'user', 'password', 'sslmode', 'hostaddr']);
    const others = ok ? Object.entries(parsed.keywords).filter(([k]) => !shown.has(k)) : [];
    return html`<aside class="details" aria-labelledby="details-title" part="connection-details">
      <h3 id="details-title">Connection details</h3>
      ${ok || this.connectionString === ''
        ? html`<dl>
            <dt>Server</dt><dd>${hosts.length > 0 ? hosts.join(', ') : '—'}</dd>
            <dt>Database</dt><dd>${d.database ?? '—'}</dd>
            <dt>User</dt><dd>${user || '—'}</dd>
            <dt>SSL mode</dt><dd>${d.ssl.sslmode}${d.ssl.rootCert === 'system' ? ', system roots' : ''}</dd>
            <dt>Password</dt><dd>${this.password ? 'typed (kept out of the string)' : (this.savedPassword ?? this.hasPassword) ? 'saved' : '—'}</dd>
            ${others.map(([k, v]) => html`<dt class="mono">${k}</dt><dd>${v}</dd>`)}
          </dl>`
        : html`<p class="help">Details appear as soon as the string can be read.</p>`}
      ${issuesFor(visible, 'ssl.sslmode').length > 0 ? renderIssues('details-ssl-issues', issuesFor(visible, 'ssl.sslmode')) : nothing}
    </aside>`;
  }

  #renderCopyAs(): TemplateResult {
    const text = this.#copyText() ?? '';
    const canCopy = this.draft.hosts.some((h) => h.host !== '') || Boolean(this.draft.service);
    return html`<fieldset class="copy-as">
      <legend class="label">Copy as</legend>
      <div class="copy-row">
        <select id="copy-format" aria-label="Format to copy" .value=${this.copyFormat} @change=${(e: Event) => (this.copyFormat = (e.target as HTMLSelectElement).value as OutputFormat)}>
          ${OUTPUT_FORMATS.map((f) => html`<option value=${f.format} ?selected=${f.format === this.copyFormat}>${f.label}</option>`)}
        </select>
        <button type="button" class="btn" ?disabled=${!canCopy} @click=${() => void this.#copy()}>${icons.copy()}Copy</button>
      </div>
      <label class="check"><input type="checkbox" .checked=${this.copyWithPassword} @change=${(e: Event) => (this.copyWithPassword = (e.target as HTMLInputElement).checked)} />Include the password</label>
      ${canCopy ? html`<textarea id="copy-preview" class="preview" readonly rows="2" aria-label="Text to copy" .value=${text}></textarea>` : nothing}
    </fieldset>`;
  }

  #renderEnvVar(visible: ValidationIssue[]): TemplateResult {
    return html`<div class="stack">
      ${this.#field('env-var', 'envVar', 'Environment variable', this.draft.envVar ?? '', visible, {
        placeholder: 'USER_DEFINED_POSTGRES_URL',
        help: 'The name of a variable on the bridge machine whose value is a connection URL. It must start with USER_DEFINED_, so the bridge never hands out its own secrets.',
        onInput: this.#onText('envVar'),
      })}
    </div>`;
  }

  #renderAzure(): TemplateResult {
    if (!this.azureLoaded) return html`<p class="help loading">${icons.spinner()} Loading Azure browser…</p>`;
    return html`<pg-azure-browser .client=${this.#client} .accountId=${this.draft.auth.type === 'entra' ? this.draft.auth.account : ''}
      @pg-azure-server-select=${(e: PgAzureServerSelectEvent) => {
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
      }}></pg-azure-browser>`;
  }

  #renderIdentity(visible: ValidationIssue[]): TemplateResult {
    return html`<div class="row two identity">
      ${this.#field('name', 'name', 'Connection name', this.draft.name, visible, { optional: true, placeholder: 'Shown in Saved Connections', onInput: this.#onText('name') })}
      <div class="field">
        <label class="label" for="group">Server group</label>
        <select id="group" .value=${this.draft.groupId ?? ''} @change=${(e: Event) => {
          const groupId = (e.target as HTMLSelectElement).value;
          const { groupId: _old, ...rest } = this.draft;
          this.draft = groupId ? { ...rest, groupId } : rest;
        }}>
          <option value="" ?selected=${!this.draft.groupId}>Default</option>
          ${this.#groups.map((g) => html`<option value=${g.id} ?selected=${g.id === this.draft.groupId}>${g.name}</option>`)}
        </select>
      </div>
    </div>`;
  }

  #section(id: Section, title: string, summary: string, body: TemplateResult): TemplateResult {
    // The state hint sits beside the summary, not in it: the summary's visible text and accessible name are the
    // title alone (WCAG 2.5.3), and the hint is its description.
    return html`<div class="section"><details data-section=${id} ?open=${this.openSections.has(id)} @toggle=${(e: Event) => {
      const open = (e.target as HTMLDetailsElement).open;
      if (open === this.openSections.has(id)) return;
      const next = new Set(this.openSections);
      if (open) next.add(id);
      else next.delete(id);
      this.openSections = next;
    }}>
      <summary aria-describedby="section-${id}-hint"><span class="summary-title">${title}</span></summary>
      <div class="section-body">${body}</div>
    </details><span class="summary-hint" id="section-${id}-hint">${summary}</span></div>`;
  }

  #renderAdvanced(visible: ValidationIssue[]): TemplateResult {
    const d = this.draft;
    const c = d.client;
    const extraHosts = d.hosts.slice(1);
    const sslIssues = issuesUnder(visible, 'ssl');
    const sshIssues = issuesUnder(visible, 'ssh');
    return html`<section id="advanced" class="advanced" part="advanced" aria-labelledby="advanced-title">
      <h3 id="advanced-title">Advanced connection settings</h3>
      <div class="row three">
        <fieldset class="field">
          <legend class="label">Scope</legend>
          <div class="segmented" role="radiogroup" aria-label="Scope">
            ${(['user', 'workspace'] as const).map(
              (s) => html`<label><input type="radio" name="scope" .value=${s} .checked=${d.scope === s} @change=${() => this.#patch({ scope: s })} />${s === 'user' ? 'User' : 'Workspace'}</label>`,
            )}
          </div>
        </fieldset>
        ${this.#field('app-name', 'client.applicationName', 'Application name', c.applicationName, visible, { onInput: (e) => this.#onClient('applicationName', (e.target as HTMLInputElement).value) })}
        ${this.#field('connect-timeout', 'client.connectTimeoutSeconds', 'Connect timeout (seconds)', String(c.connectTimeoutSeconds), visible, {
          type: 'number',
          inputmode: 'numeric',
          onInput: (e) => this.#onClient('connectTimeoutSeconds', Number((e.target as HTMLInputElement).value || 0)),
        })}
      </div>
      <div class="accordion">
        ${this.#section('source', 'Source', extraHosts.length > 0 ? `${d.hosts.length} hosts` : 'Hosts, failover, service', html`<div class="stack">
          <div class="field">
            <span class="label" id="hosts-label">Additional hosts <span class="optional">(tried in order; libpq multi-host)</span></span>
            ${extraHosts.map(
              (h, i) => html`<div class="host-line">
                <input aria-label="Host ${i + 2}" data-field="hosts.${i + 1}.host" .value=${h.host} placeholder="replica.example.com"
                  @change=${(e: Event) => this.#patch({ hosts: d.hosts.map((x, j) => (j === i + 1 ? { ...x, host: (e.target as HTMLInputElement).value.trim() } : x)) })} />
                <input aria-label="Port of host ${i + 2}" type="number" .value=${h.port ? String(h.port) : ''} placeholder="5432"
                  @change=${(e: Event) => this.#patch({ hosts: d.hosts.map((x, j) => (j === i + 1 ? { host: x.host, ...((e.target as HTMLInputElement).value ? { port: Number((e.target as HTMLInputElement).value) } : {}) } : x)) })} />
                <button type="button" class="icon-btn" aria-label="Remove host ${i + 2}" @click=${() => this.#patch({ hosts: d.hosts.filter((_, j) => j !== i + 1) })}>${icons.trash()}</button>
              </div>`,
            )}
            <button type="button" class="btn small fit" @click=${() => this.#patch({ hosts: [...d.hosts, { host: '' }] })}>${icons.plus()}Add host</button>
          </div>
          <div class="row">
            <div class="field">
              <label class="label" for="target-session">Target session</label>
              <select id="target-session" .value=${c.targetSessionAttrs ?? ''} @change=${(e: Event) => this.#onClient('targetSessionAttrs', ((e.target as HTMLSelectElement).value || undefined) as ConnectionProfile['client']['targetSessionAttrs'])}>
                <option value="">Any server (default)</option>
                <option value="read-write">Read-write</option>
                <option value="read-only">Read-only</option>
                <option value="primary">Primary</option>
                <option value="standby">Standby</option>
                <option value="prefer-standby">Prefer standby</option>
              </select>
            </div>
            <label class="check end"><input type="checkbox" .checked=${c.loadBalanceHosts === 'random'} @change=${(e: Event) => this.#onClient('loadBalanceHosts', (e.target as HTMLInputElement).checked ? 'random' : undefined)} />Spread connections across hosts</label>
            ${this.#field('service', 'service', 'Service', d.service ?? '', visible, { optional: true, placeholder: 'pg_service.conf entry', onInput: this.#onText('service') })}
          </div>
        </div>`)}
        ${this.#section('security', 'Security', c.readOnly ? 'Read-only sessions' : 'Read-only, allowed methods', html`<div class="stack">
          <label class="check"><input type="checkbox" .checked=${Boolean(c.readOnly)} @change=${(e: Event) => this.#onClient('readOnly', (e.target as HTMLInputElement).checked || undefined)} />
            Open read-only sessions (enforced by the server with default_transaction_read_only)</label>
          ${this.#field('require-auth', 'client.requireAuth', 'Allowed authentication methods', c.requireAuth ?? '', visible, { optional: true, placeholder: 'scram-sha-256', help: 'libpq require_auth: refuse servers that ask for anything else.', onInput: (e) => this.#onClient('requireAuth', (e.target as HTMLInputElement).value.trim() || undefined) })}
        </div>`)}
        ${this.#section('server', 'Server', 'Host address, options', html`<div class="row">
          ${this.#field('hostaddr', 'hostaddr', 'Host IP address', (d.hostaddr ?? []).join(','), visible, { optional: true, placeholder: '10.0.0.5', help: 'Dial this address while still verifying the server name.', onInput: (e) => {
            const v = (e.target as HTMLInputElement).value.trim();
            const { hostaddr: _h, ...rest } = this.draft;
            this.draft = v ? { ...rest, hostaddr: v.split(',').map((s) => s.trim()) } : rest;
            this.#patch({});
          } })}
          ${this.#field('options', 'client.options', 'Command-line options', c.options ?? '', visible, { optional: true, placeholder: '-c search_path=app', onInput: (e) => this.#onClient('options', (e.target as HTMLInputElement).value || undefined) })}
        </div>`)}
        ${this.#section('client', 'Client', 'Encoding, keepalives, environment', html`<div class="row">
          ${this.#field('client-encoding', 'client.clientEncoding', 'Client encoding', c.clientEncoding ?? '', visible, { optional: true, placeholder: 'UTF8', onInput: (e) => this.#onClient('clientEncoding', (e.target as HTMLInputElement).value.trim() || undefined) })}
          <div class="field">
            <label class="label" for="environment">Environment</label>
            <select id="environment" .value=${d.environment ?? ''} @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              const { environment: _e, ...rest } = this.draft;
              this.draft = v ? { ...rest, environment: v } : rest;
            }}>
              <option value="">Not set</option><option value="development">Development</option><option value="staging">Staging</option><option value="production">Production</option>
            </select>
          </div>
          <label class="check end"><input type="checkbox" .checked=${c.keepalives !== false} @change=${(e: Event) => this.#onClient('keepalives', (e.target as HTMLInputElement).checked)} />TCP keepalives</label>
        </div>`)}
        ${this.#section('ssl', 'SSL', `${d.ssl.sslmode}${d.ssl.rootCert === 'system' ? ' · system roots' : ''}${sslIssues.some((i) => i.severity === 'error') ? ' · needs attention' : ''}`, html`<pg-ssl-settings .value=${d.ssl} host=${d.hosts[0]?.host ?? ''} .issues=${sslIssues}
          ?no-file-paths=${this.#client?.info?.mode === 'server'} @pg-ssl-change=${this.#onSslChange}></pg-ssl-settings>`)}
        ${this.#section('copilot', 'Copilot', c.copilotAccessMode === 'global' ? 'Use global setting' : c.copilotAccessMode === 'readOnly' ? 'Read only' : 'Read/write', html`<div class="field narrow">
          <label class="label" for="copilot">Copilot access mode</label>
          <select id="copilot" .value=${c.copilotAccessMode} @change=${(e: Event) => this.#onClient('copilotAccessMode', (e.target as HTMLSelectElement).value as ConnectionProfile['client']['copilotAccessMode'])}>
            <option value="global">Use global setting</option><option value="readOnly">Read only</option><option value="readWrite">Read/write</option>
          </select>
        </div>`)}
        ${this.#section('ssh', 'SSH Tunnel', d.ssh?.enabled ? `${d.ssh.user ? `${d.ssh.user}@` : ''}${d.ssh.host || 'on'}${sshIssues.some((i) => i.severity === 'error') ? ' · needs attention' : ''}` : 'Off', html`<pg-ssh-settings .value=${d.ssh ?? DEFAULT_SSH} .secret=${this.sshSecret} .issues=${sshIssues}
          ?no-file-paths=${this.#client?.info?.mode === 'server'} @pg-ssh-change=${this.#onSshChange}></pg-ssh-settings>`)}
      </div>
    </section>`;
  }

  #renderTest(): TemplateResult | typeof nothing {
    const test = this.test;
    if (test.status === 'idle') return nothing;
    const stages = test.status === 'running' ? test.stages : test.report.stages;
    const report = test.status === 'done' ? test.report : undefined;
    return html`<section class="test ${report ? (report.ok ? 'ok' : 'failed') : 'running'}" part="test-result" aria-labelledby="test-title">
      <h3 id="test-title" class="test-head">
        ${!report ? html`${icons.spinner(18)}<span>Testing connection…</span>` : report.ok ? html`${icons.checkCircle(18)}<span>Connection succeeded</span>` : html`${icons.warning(18)}<span>Could not connect</span>`}
        ${report?.server ? html`<span class="badge">${report.server.inRecovery ? 'standby' : 'primary'}</span>` : nothing}
        ${report?.tls ? html`<span class="badge ${report.tls.verified ? 'good' : report.tls.encrypted ? 'warn' : 'bad'}">${report.tls.encrypted ? `${report.tls.protocol ?? 'TLS'}${report.tls.verified ? ', verified' : ', not verified'}` : 'not encrypted'}</span>` : nothing}
        ${report?.facts?.transactionReadOnly ? html`<span class="badge">read-only</span>` : nothing}
      </h3>
      ${report?.ok ? html`<p class="test-message">${report.message}</p>` : nothing}
      ${stages.length > 0
        ? html`<ol class="stages" aria-label="Connection stages">
            ${stages.map(
              (s) => html`<li class="stage ${s.status}">
                <span class="stage-icon">${s.status === 'running' ? icons.spinner(14) : s.status === 'ok' ? icons.check(14) : s.status === 'failed' ? icons.error(14) : icons.skip(14)}</span>
                <span class="stage-name">${STAGE_LABELS[s.stage]}${s.target ? html` <span class="stage-target">${s.target}</span>` : nothing}<span class="sr-only">: ${s.status}</span></span>
                <span class="stage-detail">${s.detail ?? ''}</span>
                <span class="stage-ms">${s.status === 'skipped' ? 'skipped' : `${Math.round(s.ms)} ms`}</span>
              </li>`,
            )}
          </ol>`
        : nothing}
      ${report && !report.ok
        ? html`<div class="callout bad hint" role="alert">${icons.error()}<div><strong>${report.message}</strong>${report.hint ? html`<p>${report.hint}</p>` : nothing}${report.code === 'SSH_HOST_KEY_CHANGED' ? this.#hostKey?.renderHostKeyChanged(report.data) : nothing}${this.#renderFix(report.code)}</div></div>`
        : nothing}
      ${report?.privileges ? html`<h4 class="perm-title">Effective privileges</h4><pg-permissions-view .report=${report.privileges}></pg-permissions-view>` : nothing}
    </section>`;
  }

  /** A shortcut to the settings that usually fix a failure, next to its code. */
  #renderFix(code: string | undefined): TemplateResult | typeof nothing {
    if (!code) return nothing;
    const section: Section | undefined = /^(TLS|SSL)_/.test(code) ? 'ssl' : /^SSH_/.test(code) ? 'ssh' : undefined;
    return html`<p class="code"><code>${code}</code>${section
      ? html`<button type="button" class="btn quiet small" @click=${() => void this.#openSection(section)}>Open ${section === 'ssl' ? 'SSL' : 'SSH tunnel'} settings</button>`
      : nothing}</p>`;
  }

  async #openSection(section: Section): Promise<void> {
    this.advancedOpen = true;
    this.openSections = new Set([...this.openSections, section]);
    await this.updateComplete;
    const summary = this.renderRoot.querySelector<HTMLElement>(`details[data-section="${section}"] > summary`);
    summary?.focus();
    summary?.scrollIntoView({ block: 'nearest' });
  }

  #renderFooter(): TemplateResult {
    const running = this.test.status === 'running';
    const report = this.test.status === 'done' ? this.test.report : undefined;
    return html`<div class="footer" part="footer">
      <button type="button" class="btn quiet advanced-toggle" aria-expanded=${this.advancedOpen ? 'true' : 'false'} aria-controls="advanced"
        @click=${() => (this.advancedOpen = !this.advancedOpen)}>
        <span class="chev ${this.advancedOpen ? 'open' : ''}">${icons.chevron()}</span>Advanced
      </button>
      <slot name="footer-start"></slot>
      <span class="spacer"></span>
      ${running ? html`<button type="button" class="btn" @click=${() => this.#cancelRunningTest()}>Stop test</button>` : html`<button type="button" class="btn cancel" @click=${() => this.#requestClose('cancel-button')}>Cancel</button>`}
      <button type="button" class="btn test-button" aria-busy=${running ? 'true' : 'false'} aria-disabled=${running ? 'true' : 'false'} @click=${() => void this.#onTest()}>
        ${running ? icons.spinner() : report ? (report.ok ? html`<span class="ok-icon">${icons.checkCircle()}</span>` : html`<span class="warn-icon">${icons.warning()}</span>`) : nothing}
        ${running ? 'Testing…' : 'Test Connection'}
      </button>
      <button type="submit" class="btn primary" part="primary-button" aria-busy=${this.busy ? 'true' : 'false'} aria-disabled=${this.busy ? 'true' : 'false'}>
        ${this.busy ? icons.spinner() : nothing}Save &amp; Connect
      </button>
    </div>`;
  }
}

function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Fonts and style sheets of the first screen, prepared while the page is idle (see warmup.ts).
scheduleWarmup(PgConnectionDialog, PgAuthSettings, PgConnectionList);

declare global {
  interface HTMLElementTagNameMap {
    'pg-connection-dialog': PgConnectionDialog;
  }
}
