import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { TestReport } from '../../client/protocol.js';
import { icons } from '../../internal/icons.js';

export interface FooterView {
  advancedOpen: boolean;
  /** A test is running: Cancel becomes Stop test. */
  running: boolean;
  /** The last test's report, for the icon on Test Connection. */
  report: TestReport | undefined;
  busy: boolean;
  onToggleAdvanced: () => void;
  onStopTest: () => void;
  onCancel: () => void;
  onTest: () => void;
}

/** The action bar: Advanced, the page's footer-start slot, Cancel or Stop test, Test Connection, Save & Connect. */
export function renderFooter(view: FooterView): TemplateResult {
  const { running, report } = view;
  return html`<div class="footer" part="footer">
      <button type="button" class="btn quiet advanced-toggle" aria-expanded=${view.advancedOpen ? 'true' : 'false'} aria-controls="advanced"
        @click=${view.onToggleAdvanced}>
        <span class="chev ${view.advancedOpen ? 'open' : ''}">${icons.chevron()}</span>Advanced
      </button>
      <slot name="footer-start"></slot>
      <span class="spacer"></span>
      ${running ? html`<button type="button" class="btn" @click=${view.onStopTest}>Stop test</button>` : html`<button type="button" class="btn cancel" @click=${view.onCancel}>Cancel</button>`}
      <button type="button" class="btn test-button" aria-busy=${running ? 'true' : 'false'} aria-disabled=${running ? 'true' : 'false'} @click=${view.onTest}>
        ${running ? icons.spinner() : report ? (report.ok ? html`<span class="ok-icon">${icons.checkCircle()}</span>` : html`<span class="warn-icon">${icons.warning()}</span>`) : nothing}
        ${running ? 'Testing…' : 'Test Connection'}
      </button>
      <button type="submit" class="btn primary" part="primary-button" aria-busy=${view.busy ? 'true' : 'false'} aria-disabled=${view.busy ? 'true' : 'false'}>
        ${view.busy ? icons.spinner() : nothing}Save &amp; Connect
      </button>
    </div>`;
}
