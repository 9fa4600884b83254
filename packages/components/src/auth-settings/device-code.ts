import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { EntraDeviceCode } from '../client/protocol.js';
import { icons } from '../internal/icons.js';

/** `m:ss` left until `expiresAt`, or undefined once it has passed. */
export function remaining(expiresAt: string, now: number): string | undefined {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (!(seconds > 0)) return undefined;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export interface DeviceCodeActions {
  copy(): void;
  cancel(): void;
}

/**
 * The Entra device-code sign-in: the code to type, where to type it, and how long it stays valid. The link is
 * rendered only for https URLs (the bridge validates them too), so a page never links to a script URL.
 */
export function renderDeviceCode(code: EntraDeviceCode, now: number, actions: DeviceCodeActions): TemplateResult {
  const left = remaining(code.expiresAt, now);
  const safeUrl = /^https:\/\//i.test(code.verificationUri) ? code.verificationUri : undefined;
  return html`<section class="device-code" part="device-code" aria-labelledby="device-code-title">
    <h4 id="device-code-title">Sign in to Microsoft Entra with a code</h4>
    <ol>
      <li>Open ${safeUrl
        ? html`<a href=${safeUrl} target="_blank" rel="noopener noreferrer">${code.verificationUri}</a>`
        : html`<span class="mono">${code.verificationUri}</span>`} on any device.</li>
      <li>Enter this code and sign in with the account to add:</li>
    </ol>
    <div class="code-row">
      <output class="user-code" id="user-code" aria-label="Device code">${code.userCode}</output>
      <button type="button" class="btn small" @click=${actions.copy}>${icons.copy()}Copy code</button>
    </div>
    <p class="help countdown" role="timer">${left ? `The code expires in ${left}.` : 'The code has expired. Cancel and add the account again.'}</p>
    <p class="help waiting">${left ? html`${icons.spinner()} Waiting for you to finish signing in…` : nothing}</p>
    <button type="button" class="btn small" @click=${actions.cancel}>Cancel</button>
  </section>`;
}
