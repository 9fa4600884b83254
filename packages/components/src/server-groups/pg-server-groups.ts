import { LitElement, html, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { toErrorPayload } from '../client/bridge-error.js';
import type { BridgeService } from '../client/bridge-client.js';
import type { ErrorPayload, ProfileListItem, ServerGroup } from '../client/protocol.js';
import { bridgeContext } from '../context/bridge-context.js';
import { PgErrorEvent } from '../events/pg-error.js';
import { PgGroupDeleteRequestEvent } from '../events/pg-group-delete-request.js';
import { PgGroupSaveRequestEvent } from '../events/pg-group-save-request.js';
import { PgProfileSelectEvent } from '../events/pg-profile-select.js';
import { icons } from '../internal/icons.js';
import { randomId } from '../internal/ids.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import styles from './pg-server-groups.styles.js';

/** Distinct at a glance and readable as a bar on light and dark backgrounds. */
export const GROUP_COLORS: readonly { color: string; name: string }[] = [
  { color: '#2f6fdb', name: 'Blue' },
  { color: '#1a7f37', name: 'Green' },
  { color: '#c9820a', name: 'Amber' },
  { color: '#d1242f', name: 'Red' },
  { color: '#8250df', name: 'Purple' },
  { color: '#0e8a95', name: 'Teal' },
  { color: '#bf3989', name: 'Pink' },
  { color: '#6e7781', name: 'Grey' },
];

interface Draft {
  group: ServerGroup;
  isNew: boolean;
  submitted: boolean;
}

/**
 * @summary Server groups with their connections: a color bar per group, and create, edit and remove with name,
 * description and color. Removing a group moves its connections to the default group.
 *
 * @event pg-group-save-request - Save a new or edited group. Cancelable; otherwise the bridge client saves it.
 * @event pg-group-delete-request - Remove a group. Cancelable; otherwise the bridge client removes it.
 * @event pg-profile-select - A connection in a group was chosen.
 * @event pg-error - Saving, removing or loading through the bridge failed.
 * @csspart group - Each group card.
 * @csspart editor - The create/edit form.
 * @cssprop --pg-server-groups-bar-width - Width of the color bar.
 */
@customElement('pg-server-groups')
export class PgServerGroups extends LitElement {
  static override styles = [tokens, themes, vscodeTheme, controls, styles];

  @consume({ context: bridgeContext, subscribe: true })
  @state()
  private contextClient: BridgeService | undefined;

  @state() private draft: Draft | undefined;
  @state() private confirming: string | undefined;
  @state() private loadedGroups: ServerGroup[] | undefined;
  @state() private loadedProfiles: ProfileListItem[] | undefined;
  @state() private error: ErrorPayload | undefined;

  @property({ attribute: false }) groups: ServerGroup[] | undefined;
  /** The connections to list under their groups. */
  @property({ attribute: false }) profiles: ProfileListItem[] | undefined;
  @property({ attribute: false }) client: BridgeService | undefined;
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;

  get #client(): BridgeService | undefined {
    return this.client ?? this.contextClient;
  }

  get #groups(): ServerGroup[] {
    return this.groups ?? this.loadedGroups ?? [];
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('client') || changed.has('contextClient')) && this.#client) void this.#load();
  }

  async #load(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      const [groups, profiles] = await Promise.all([
        this.groups ? undefined : client.request('groups.list', {}),
        this.profiles ? undefined : client.request('profiles.list', {}),
      ]);
      if (groups) this.loadedGroups = groups.groups;
      if (profiles) this.loadedProfiles = profiles.profiles;
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.error = toErrorPayload(error);
    this.dispatchEvent(new PgErrorEvent(this.error));
  }

  #edit(group: ServerGroup | undefined): void {
    this.confirming = undefined;
    this.draft = group
      ? { group: { ...group }, isNew: false, submitted: false }
      : { group: { id: randomId(), name: '', color: GROUP_COLORS[0]?.color ?? '#2f6fdb' }, isNew: true, submitted: false };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#group-name')?.focus());
  }

  #patch(patch: Partial<ServerGroup>): void {
    if (!this.draft) return;
    const group = { ...this.draft.group, ...patch };
    if (group.description === '') delete group.description;
    this.draft = { ...this.draft, group };
  }

  async #save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const group = { ...draft.group, name: draft.group.name.trim() };
    if (group.name === '') {
      this.draft = { ...draft, submitted: true };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#group-name')?.focus();
      return;
    }
    const event = new PgGroupSaveRequestEvent({ group, isNew: draft.isNew });
    this.dispatchEvent(event);
    const restoreFocusTo = draft.isNew ? '#new-group' : `#edit-${CSS.escape(group.id)}`;
    if (!event.defaultPrevented) {
      const client = this.#client;
      if (client) {
        try {
          const saved = (await client.request('groups.save', { group })).group;
          const list = this.loadedGroups ?? [];
          this.loadedGroups = draft.isNew ? [...list, saved] : list.map((g) => (g.id === saved.id ? saved : g));
        } catch (error) {
          this.#fail(error);
          return;
        }
      }
    }
    this.draft = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(restoreFocusTo)?.focus();
  }

  async #remove(group: ServerGroup): Promise<void> {
    const event = new PgGroupDeleteRequestEvent({ group });
    this.dispatchEvent(event);
    this.confirming = undefined;
    if (!event.defaultPrevented) {
      const client = this.#client;
      if (client) {
        try {
          await client.request('groups.delete', { groupId: group.id });
          this.loadedGroups = (this.loadedGroups ?? []).filter((g) => g.id !== group.id);
          this.loadedProfiles = this.loadedProfiles?.map((p) => (p.groupId === group.id ? { ...p, groupId: undefined } : p)) as ProfileListItem[] | undefined;
        } catch (error) {
          this.#fail(error);
        }
      }
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#new-group')?.focus();
  }

  #renderEditor(draft: Draft) {
    const nameMissing = draft.submitted && draft.group.name.trim() === '';
    const presets = GROUP_COLORS.some((c) => c.color === draft.group.color);
    return html`<form part="editor" novalidate aria-labelledby="editor-title" @submit=${(e: SubmitEvent) => void this.#save(e)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          e.preventDefault();
          this.draft = undefined;
        }
      }}>
      <strong id="editor-title">${draft.isNew ? 'New server group' : `Edit ${draft.group.name || 'group'}`}</strong>
      <div class="field">
        <label class="label" for="group-name">Name</label>
        <input id="group-name" required maxlength="100" .value=${draft.group.name} aria-invalid=${nameMissing ? 'true' : 'false'}
          aria-describedby=${nameMissing ? 'group-name-error' : nothing} @input=${(e: Event) => this.#patch({ name: (e.target as HTMLInputElement).value })} />
        ${nameMissing ? html`<p id="group-name-error" class="message error" role="alert">${icons.error(14)}Enter a name for the group.</p>` : nothing}
      </div>
      <div class="field">
        <label class="label" for="group-description">Description <span class="optional">(optional)</span></label>
        <input id="group-description" .value=${draft.group.description ?? ''} @input=${(e: Event) => this.#patch({ description: (e.target as HTMLInputElement).value })} />
      </div>
      <fieldset class="field">
        <legend class="label">Color</legend>
        <div class="swatches">
          ${GROUP_COLORS.map(
            (c) => html`<label class="swatch" style=${styleMap({ '--_swatch': c.color })}>
              <input type="radio" name="color" aria-label=${c.name} .value=${c.color} .checked=${draft.group.color === c.color} @change=${() => this.#patch({ color: c.color })} />
            </label>`,
          )}
          <input type="color" aria-label="Custom color" .value=${presets ? '#000000' : (draft.group.color ?? '#000000')} @input=${(e: Event) => this.#patch({ color: (e.target as HTMLInputElement).value })} />
        </div>
      </fieldset>
      <div class="actions">
        <button type="button" class="btn" @click=${() => (this.draft = undefined)}>Cancel</button>
        <button type="submit" class="btn primary">${draft.isNew ? 'Create group' : 'Save group'}</button>
      </div>
    </form>`;
  }

  override render() {
    const groups = this.#groups;
    const profiles = this.profiles ?? this.loadedProfiles ?? [];
    const known = new Set(groups.map((g) => g.id));
    const ungrouped = profiles.filter((p) => !p.groupId || !known.has(p.groupId));
    return html`
      <div class="head">
        <h2 id="groups-title">Server groups</h2>
        <button id="new-group" type="button" class="btn small" @click=${() => this.#edit(undefined)}>${icons.plus()}New group</button>
      </div>
      ${this.draft?.isNew ? this.#renderEditor(this.draft) : nothing}
      <ul class="groups" aria-labelledby="groups-title">
        ${groups.map((g) => {
          if (this.draft && !this.draft.isNew && this.draft.group.id === g.id) return html`<li>${this.#renderEditor(this.draft)}</li>`;
          const members = profiles.filter((p) => p.groupId === g.id);
          return html`<li class="group" part="group" style=${styleMap({ '--_bar': g.color ?? 'var(--_border)' })}>
            <span class="bar"></span>
            <div class="body">
              <div class="title">
                <h3>${g.name} <span class="count">· ${members.length} ${members.length === 1 ? 'connection' : 'connections'}</span></h3>
                <button id="edit-${g.id}" type="button" class="icon-btn" aria-label="Edit group ${g.name}" @click=${() => this.#edit(g)}>${icons.edit()}</button>
                <button type="button" class="icon-btn" aria-label="Remove group ${g.name}" @click=${() => (this.confirming = g.id)}>${icons.trash()}</button>
              </div>
              ${g.description ? html`<p class="desc">${g.description}</p>` : nothing}
              ${this.#renderConnections(members)}
              ${this.confirming === g.id
                ? html`<div class="confirm" role="alertdialog" aria-label="Remove group ${g.name}">
                    <span>Remove <strong>${g.name}</strong>? ${members.length > 0 ? `Its ${members.length} connections move to the default group.` : ''}</span>
                    <span class="actions">
                      <button type="button" class="btn small" @click=${() => (this.confirming = undefined)}>Keep</button>
                      <button type="button" class="btn small danger" @click=${() => void this.#remove(g)}>Remove group</button>
                    </span>
                  </div>`
                : nothing}
            </div>
          </li>`;
        })}
        <li class="group" part="group">
          <span class="bar"></span>
          <div class="body">
            <div class="title"><h3>Default <span class="count">· ${ungrouped.length} ${ungrouped.length === 1 ? 'connection' : 'connections'}</span></h3></div>
            ${this.#renderConnections(ungrouped)}
          </div>
        </li>
      </ul>
      ${this.error ? html`<p class="error" role="alert">${this.error.message}</p>` : nothing}
    `;
  }

  #renderConnections(members: ProfileListItem[]) {
    if (members.length === 0) return nothing;
    return html`<ul class="connections">
      ${members.map((p) => html`<li><button type="button" @click=${() => this.dispatchEvent(new PgProfileSelectEvent({ profile: p, list: 'saved' }))}>${p.name || p.host}</button></li>`)}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-server-groups': PgServerGroups;
  }
}
