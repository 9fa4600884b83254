import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { icons } from '../../internal/icons.js';

/** Why the bridge cannot be used right now: it is reconnecting, or it could not prove it holds the token. */
export function renderBridgeBanner(view: { reconnecting: boolean; unverified: boolean }): TemplateResult | typeof nothing {
  if (view.reconnecting) {
    return html`<div class="callout warn bridge" role="status">${icons.spinner()}<span><strong>Bridge unavailable — reconnecting…</strong> Your entries are kept; requests continue once it is back.</span></div>`;
  }
  if (view.unverified) {
    return html`<div class="callout bad bridge" role="alert">${icons.error()}<span><strong>Bridge not verified.</strong> The program on the bridge address could not prove it holds the token, so nothing was sent to it. Restart <code>pgconnect serve</code> and open the URL it prints.</span></div>`;
  }
  return nothing;
}
