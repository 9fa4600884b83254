import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { toErrorPayload } from '../client/bridge-error.js';
import type { BridgeService } from '../client/bridge-client.js';
import type { AzureServer, AzureSubscription, EntraAccount, ErrorPayload } from '../client/protocol.js';
import { PgAzureServerSelectEvent } from '../events/pg-azure-server-select.js';
import { PgErrorEvent } from '../events/pg-error.js';
import { icons } from '../internal/icons.js';
import { controls } from '../styles/controls.styles.js';
import { tokens } from '../styles/tokens.styles.js';

/**
 * @summary Browse Azure: account → subscription → flexible servers, through the bridge's Azure Resource Manager
 * operations. Loaded on demand by `<pg-connection-dialog>` when the Browse Azure tab opens, so Azure code is
 * never part of the dialog's initial JavaScript.
 *
 * @event pg-azure-server-select - A server was chosen. `detail` has the host and its Azure metadata.
 * @event pg-error - Listing failed.
 */
@customElement('pg-azure-browser')
export class PgAzureBrowser extends LitElement {
  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      li button {
        width: 100%;
        text-align: start;
        display: flex;
        justify-content: space-between;
        gap: 12px;
        padding: 10px 12px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_raised);
        color: inherit;
      }
      li button:hover {
        background: var(--_hover);
      }
      .meta {
        color: var(--_muted);
        font-size: 0.857em;
      }
      .error {
        color: var(--_danger);
      }
    `,
  ];

  @state() private accounts: EntraAccount[] = [];
  @state() private subscriptions: AzureSubscription[] = [];
  @state() private servers: AzureServer[] | undefined;
  @state() private subscriptionId = '';
  @state() private loading = false;
  @state() private error: ErrorPayload | undefined;
  @state() private chosenAccount = '';

  @property({ attribute: false }) client: BridgeService | undefined;
  /** The Entra account to browse with; the user may pick another (the dual-account model). */
  @property({ attribute: false }) accountId = '';

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('client') && this.client) void this.#run(async (client) => {
      this.accounts = (await client.request('entra.accounts.list', {})).accounts;
      const account = this.accountId || this.accounts[0]?.accountId || '';
      if (account) await this.#chooseAccount(account);
    });
  }

  async #run(work: (client: BridgeService) => Promise<void>): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.loading = true;
    this.error = undefined;
    try {
      await work(client);
    } catch (error) {
      this.error = toErrorPayload(error);
      this.dispatchEvent(new PgErrorEvent(this.error));
    } finally {
      this.loading = false;
    }
  }

  async #chooseAccount(accountId: string): Promise<void> {
    this.chosenAccount = accountId;
    this.servers = undefined;
    await this.#run(async (client) => {
      this.subscriptions = (await client.request('azure.subscriptions.list', { accountId })).subscriptions;
      const first = this.subscriptions[0]?.subscriptionId;
      if (first) await this.#chooseSubscription(first);
    });
  }

  async #chooseSubscription(subscriptionId: string): Promise<void> {
    this.subscriptionId = subscriptionId;
    await this.#run(async (client) => {
      this.servers = (await client.request('azure.servers.list', { accountId: this.chosenAccount, subscriptionId })).servers;
    });
  }

  override render() {
    if (!this.client) {
      return html`<p class="help">Browsing Azure needs the pgconnect bridge, signed in to an Azure account.</p>`;
    }
    return html`<div class="stack">
      <div class="row">
        <div class="field">
          <label class="label" for="account">Azure account</label>
          <select id="account" .value=${this.chosenAccount} @change=${(e: Event) => void this.#chooseAccount((e.target as HTMLSelectElement).value)}>
            ${this.accounts.length === 0 ? html`<option value="">No account signed in</option>` : nothing}
            ${this.accounts.map((a) => html`<option value=${a.accountId} ?selected=${a.accountId === this.chosenAccount}>${a.username}</option>`)}
          </select>
        </div>
        <div class="field">
          <label class="label" for="subscription">Subscription</label>
          <select id="subscription" .value=${this.subscriptionId} ?disabled=${this.subscriptions.length === 0}
            @change=${(e: Event) => void this.#chooseSubscription((e.target as HTMLSelectElement).value)}>
            ${this.subscriptions.map((s) => html`<option value=${s.subscriptionId} ?selected=${s.subscriptionId === this.subscriptionId}>${s.displayName}</option>`)}
          </select>
        </div>
      </div>
      ${this.loading ? html`<p class="help" role="status">${icons.spinner()} Loading…</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error.message}</p>` : nothing}
      ${this.servers
        ? this.servers.length === 0
          ? html`<p class="help">No PostgreSQL flexible servers in this subscription.</p>`
          : html`<ul aria-label="Servers">
              ${this.servers.map(
                (s) => html`<li><button type="button" @click=${() =>
                  this.dispatchEvent(
                    new PgAzureServerSelectEvent({ host: s.fqdn, subscriptionId: this.subscriptionId, resourceGroup: s.resourceGroup, serverName: s.name }),
                  )}>
                  <span><strong>${s.name}</strong><br /><span class="meta">${s.fqdn}</span></span>
                  <span class="meta">${s.resourceGroup} · ${s.location}${s.version ? ` · PostgreSQL ${s.version}` : ''}</span>
                </button></li>`,
              )}
            </ul>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-azure-browser': PgAzureBrowser;
  }
}
