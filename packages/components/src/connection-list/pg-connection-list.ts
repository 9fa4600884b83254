import { LitElement, html, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { toErrorPayload } from '../client/bridge-error.js';
import type { BridgeService } from '../client/bridge-client.js';
import type { ErrorPayload, ProfileListItem, RecentEntry, ServerGroup } from '../client/protocol.js';
import { bridgeContext } from '../context/bridge-context.js';
import { PgErrorEvent } from '../events/pg-error.js';
import { PgProfileDeleteRequestEvent } from '../events/pg-profile-delete-request.js';
import { PgProfileSelectEvent } from '../events/pg-profile-select.js';
import type { ConnectionProfile } from '../internal/core.js';
import { icons } from '../internal/icons.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import styles from './pg-connection-list.styles.js';

/** "alice@db.example.com:5433/app": what identifies a connection at a glance. */
export function describeTarget(t: { host?: string; port?: number | undefined; user?: string | undefined; database?: string | undefined }): string {
  const host = t.host || 'localhost';
  return `${t.user ? `${t.user}@` : ''}${host}${t.port && t.port !== 5432 ? `:${t.port}` : ''}${t.database ? `/${t.database}` : ''}`;
}

function summaryOf(profile: ConnectionProfile): { host: string; port?: number; user?: string; database?: string } {
  const first = profile.hosts[0];
  return {
    host: profile.mode === 'envVar' ? `$${profile.envVar ?? ''}` : (first?.host ?? ''),
    ...(first?.port ? { port: first.port } : {}),
    ...('user' in profile.auth && profile.auth.user ? { user: profile.auth.user } : {}),
    ...(profile.database ? { database: profile.database } : {}),
  };
}

/**
 * @summary The Saved and Recent connections side panel. Select a card to load it; hover or focus reveals its
 * delete (saved) or remove (recent) button.
 *
 * Lists come from the `saved` and `recent` properties, or from the bridge client when they are not set.
 *
 * @event pg-profile-select - A card was chosen. `detail.profile`, `detail.list`.
 * @event pg-profile-delete-request - Delete a saved connection or remove a recent one. Cancelable.
 * @event pg-error - Loading or deleting through the bridge failed.
 * @csspart saved - The saved connections section.
 * @csspart recent - The recent connections section.
 * @cssprop --pg-connection-list-card-bg - Background of a card at rest.
 */
@customElement('pg-connection-list')
export class PgConnectionList extends LitElement {
  static override styles = [tokens, themes, vscodeTheme, controls, styles];

  @consume({ context: bridgeContext, subscribe: true })
  @state()
  private contextClient: BridgeService | undefined;

  @state() private loadedSaved: ProfileListItem[] | undefined;
  @state() private loadedRecent: RecentEntry[] | undefined;
  @state() private error: ErrorPayload | undefined;

  @property({ attribute: false }) saved: ProfileListItem[] | undefined;
  @property({ attribute: false }) recent: RecentEntry[] | undefined;
  @property({ attribute: false }) groups: ServerGroup[] = [];
  /** The id of the profile loaded in the dialog, marked as current. */
  @property({ attribute: 'selected-id' }) selectedId = '';
  @property({ attribute: false }) client: BridgeService | undefined;
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;

  get #client(): BridgeService | undefined {
    return this.client ?? this.contextClient;
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('client') || changed.has('contextClient')) && this.#client) void this.refresh();
  }

  #select(profile: ConnectionProfile | ProfileListItem, list: 'saved' | 'recent'): void {
    this.dispatchEvent(new PgProfileSelectEvent({ profile, list }));
  }

  async #delete(id: string, name: string, list: 'saved' | 'recent', index: number): Promise<void> {
    const event = new PgProfileDeleteRequestEvent({ id, name, list });
    this.dispatchEvent(event);
    // Focus moves to the neighbouring card, so keyboard users stay in the list.
    const focusNext = () =>
      void this.updateComplete.then(() => {
        const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>(`[part~='${list}'] .select`)];
        (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('h3'))?.focus();
      });
    if (event.defaultPrevented) return;
    const client = this.#client;
    if (!client) return;
    try {
      if (list === 'saved') await client.request('profiles.delete', { profileId: id });
      else await client.request('recent.remove', { entryId: id });
      if (list === 'saved') this.loadedSaved = this.loadedSaved?.filter((p) => p.id !== id);
      else this.loadedRecent = this.loadedRecent?.filter((r) => r.id !== id);
      focusNext();
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.error = toErrorPayload(error);
    this.dispatchEvent(new PgErrorEvent(this.error));
  }

  /** Reloads both lists from the bridge (when the properties do not provide them). */
  async refresh(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      this.error = undefined;
      const [saved, recent] = await Promise.all([
        this.saved ? undefined : client.request('profiles.list', {}),
        this.recent ? undefined : client.request('recent.list', {}),
      ]);
      if (saved) this.loadedSaved = saved.profiles;
      if (recent) this.loadedRecent = recent.entries;
    } catch (error) {
      this.#fail(error);
    }
  }

  #color(groupId: string | undefined, own: string | undefined): string {
    return own ?? this.groups.find((g) => g.id === groupId)?.color ?? 'transparent';
  }

  override render() {
    const saved = this.saved ?? this.loadedSaved ?? [];
    const recent = this.recent ?? this.loadedRecent ?? [];
    return html`
      <section part="saved" aria-labelledby="saved-title">
        <h3 id="saved-title" tabindex="-1">Saved connections</h3>
        ${saved.length === 0
          ? html`<p class="empty">No saved connections yet. Save &amp; Connect keeps one here.</p>`
          : html`<ul role="list">
              ${saved.map((p, i) => {
                const name = p.name || p.host || 'localhost';
                return html`<li aria-current=${p.id === this.selectedId ? 'true' : 'false'} style=${styleMap({ '--_bar': this.#color(p.groupId, p.color) })}>
                  <span class="bar"></span>
                  <button type="button" class="select" @click=${() => this.#select(p, 'saved')}>
                    <span class="name">${name}</span>
                    <span class="detail">${describeTarget(p)}</span>
                  </button>
                  <button type="button" class="icon-btn remove" aria-label="Delete saved connection ${name}" title="Delete" @click=${() => void this.#delete(p.id, name, 'saved', i)}>
                    ${icons.trash()}
                  </button>
                </li>`;
              })}
            </ul>`}
      </section>
      <section part="recent" aria-labelledby="recent-title">
        <h3 id="recent-title">Recent connections</h3>
        ${recent.length === 0
          ? html`<p class="empty">Connections you open appear here.</p>`
          : html`<ul role="list">
              ${recent.map((r, i) => {
                const target = summaryOf(r.profile);
                const name = r.profile.name || target.host || 'localhost';
                return html`<li style=${styleMap({ '--_bar': this.#color(r.profile.groupId, r.profile.color) })}>
                  <span class="bar"></span>
                  <button type="button" class="select" @click=${() => this.#select(r.profile, 'recent')}>
                    <span class="name">${name}</span>
                    <span class="detail">${describeTarget(target)}</span>
                  </button>
                  <button type="button" class="icon-btn remove" aria-label="Remove ${name} from recent connections" title="Remove" @click=${() => void this.#delete(r.id, name, 'recent', i)}>
                    ${icons.close()}
                  </button>
                </li>`;
              })}
            </ul>`}
      </section>
      ${this.error ? html`<p class="error" role="alert">${this.error.message}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-connection-list': PgConnectionList;
  }
}
