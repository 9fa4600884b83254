import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { SourceMode } from '../../internal/core.js';

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

/** The tab an arrow, Home or End key moves to from `current` (the ARIA tabs pattern), or undefined for other keys. */
export function tabForKey(current: SourceMode, key: string): SourceMode | undefined {
  const index = TABS.findIndex((t) => t.id === current);
  const next =
    key === 'ArrowRight' ? (index + 1) % TABS.length
    : key === 'ArrowLeft' ? (index - 1 + TABS.length) % TABS.length
    : key === 'Home' ? 0
    : key === 'End' ? TABS.length - 1
    : -1;
  return next < 0 ? undefined : TABS[next]?.id;
}

export interface TabsView {
  tab: SourceMode;
  onKeydown: (e: KeyboardEvent) => void;
  onSelect: (tab: SourceMode) => void;
}

/** The "Connect via" tab list. */
export function renderTabs(view: TabsView): TemplateResult {
  return html`<div class="tabs-row">
      <span class="tabs-label" id="connect-via">Connect via</span>
      <div class="tabs" role="tablist" aria-labelledby="connect-via" part="tabs" @keydown=${view.onKeydown}>
        ${TABS.map(
          (t) => html`<button type="button" role="tab" id="tab-${t.id}" aria-selected=${t.id === view.tab ? 'true' : 'false'} aria-controls="panel-${t.id}"
            tabindex=${t.id === view.tab ? 0 : -1} @click=${() => view.onSelect(t.id)}>${t.label}</button>`,
        )}
      </div>
    </div>`;
}
