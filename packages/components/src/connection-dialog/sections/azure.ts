import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { BridgeService } from '../../client/bridge-client.js';
import type { PgAzureServerSelectEvent } from '../../events/pg-azure-server-select.js';
import { icons } from '../../internal/icons.js';

export interface AzureView {
  /** `<pg-azure-browser>` has been loaded (it is loaded with the tab). */
  loaded: boolean;
  client: BridgeService | undefined;
  accountId: string;
  onServerSelect: (e: PgAzureServerSelectEvent) => void;
}

/** The Browse Azure tab. */
export function renderAzure(view: AzureView): TemplateResult {
  if (!view.loaded) return html`<p class="help loading">${icons.spinner()} Loading Azure browser…</p>`;
  return html`<pg-azure-browser .client=${view.client} .accountId=${view.accountId}
      @pg-azure-server-select=${view.onServerSelect}></pg-azure-browser>`;
}
