import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { icons } from '../../internal/icons.js';

export interface HeaderView {
  editing: boolean;
  title: string;
  noSidePanel: boolean;
  sidePanelOpen: boolean;
  onToggleSidePanel: () => void;
  onClose: () => void;
}

/** The title ("New Connection" or "Edit Connection"), the side-panel toggle for small screens and Close. */
export function renderHeader(view: HeaderView): TemplateResult {
  return html`<div class="header" part="header">
      <div class="heading">
        <p id="eyebrow" class="eyebrow">${view.editing ? 'Edit Connection' : 'New Connection'}</p>
        <h2 id="title">${view.title}</h2>
      </div>
      ${view.noSidePanel
        ? nothing
        : html`<button type="button" class="btn small side-toggle" aria-controls="side-panel" aria-expanded=${view.sidePanelOpen ? 'true' : 'false'}
            @click=${view.onToggleSidePanel}>${view.sidePanelOpen ? 'Back to form' : 'Saved'}</button>`}
      <button type="button" class="icon-btn close" aria-label="Close" @click=${view.onClose}>${icons.close(18)}</button>
    </div>`;
}
