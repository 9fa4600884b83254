import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { BridgeService } from '../../client/bridge-client.js';
import type { ProfileListItem, RecentEntry, ServerGroup } from '../../client/protocol.js';
import type { PgProfileSelectEvent } from '../../events/pg-profile-select.js';
import type { ConnectionProfile } from '../../internal/core.js';

export interface SidePanelView {
  saved: ProfileListItem[] | undefined;
  recent: RecentEntry[] | undefined;
  groups: ServerGroup[];
  client: BridgeService | undefined;
  /** The saved connection being edited, or '' for a new one. */
  selectedId: string;
  /** Azure metadata of the draft, shown when the host is an Azure server or metadata is already set. */
  azure: ConnectionProfile['azure'] | undefined;
  showAzure: boolean;
  onProfileSelect: (e: PgProfileSelectEvent) => void;
  onFetchAzureMetadata: () => void;
}

/** The Saved and Recent side panel, with the Azure metadata of an Azure server under it. */
export function renderSidePanel(view: SidePanelView): TemplateResult {
  return html`<aside part="side-panel" id="side-panel" aria-label="Saved and recent connections">
      <pg-connection-list .saved=${view.saved} .recent=${view.recent} .groups=${view.groups} .client=${view.client} selected-id=${view.selectedId}
        @pg-profile-select=${view.onProfileSelect}></pg-connection-list>
      ${view.showAzure
        ? html`<section class="azure-meta" aria-labelledby="azure-meta-title">
            <h3 id="azure-meta-title">Azure metadata</h3>
            <dl>
              <dt>Subscription</dt><dd>${view.azure?.subscriptionId ?? '—'}</dd>
              <dt>Resource group</dt><dd>${view.azure?.resourceGroup ?? '—'}</dd>
            </dl>
            <button type="button" class="btn small" ?disabled=${!view.client} @click=${view.onFetchAzureMetadata}>Fetch Azure metadata</button>
            <p class="help">Enables the server dashboard and metrics.</p>
          </section>`
        : nothing}
    </aside>`;
}
