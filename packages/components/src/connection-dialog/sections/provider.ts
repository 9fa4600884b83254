import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { DEFAULT_PORT } from '../../internal/core.js';
import type { ConnectionProfile, ProviderMatch } from '../../internal/core.js';
import { icons } from '../../internal/icons.js';

export interface ProviderView {
  match: ProviderMatch;
  draft: ConnectionProfile;
  onApplyPreset: (match: ProviderMatch) => void;
  /** Opens the SSL section, where the CA file is chosen. */
  onChooseCaFile: () => void;
}

/** The callout for a recognised cloud service: its recommended SSL settings, and a way to apply them. */
export function renderProvider(view: ProviderView): TemplateResult {
  const { match, draft } = view;
  const preset = match.preset;
  const port = draft.hosts[0]?.port ?? DEFAULT_PORT;
  const download = preset.rootCert.kind === 'download' ? preset.rootCert : undefined;
  const rootOk = download ? draft.ssl.rootCert !== undefined && draft.ssl.rootCert !== 'system' : draft.ssl.rootCert === 'system';
  const matches = draft.ssl.sslmode === preset.sslmode && port === preset.port && rootOk;
  return html`<div class="callout accent provider" part="provider">
      ${icons.info()}
      <div>
        <strong>${match.service}</strong>
        ${match.notes[0] ? html`<p>${match.notes[0]}</p>` : nothing}
        <p class="recommend">
          Recommended: <strong>${preset.sslmode}</strong> with ${download ? download.name : 'the system root certificates'}, port ${preset.port}.
          ${preset.authTypes.includes('awsIam') ? ' AWS IAM sign-in works here.' : preset.authTypes.includes('entra') ? ' Microsoft Entra sign-in works here.' : ''}
        </p>
        <p class="provider-actions">
          ${matches
            ? html`<span class="badge good">${icons.check(12)}Recommended settings in use</span>`
            : html`<button type="button" class="btn small" @click=${() => view.onApplyPreset(match)}>Apply recommended settings</button>`}
          ${download?.url ? html`<a class="btn quiet small" href=${download.url} target="_blank" rel="noopener noreferrer">Download the CA bundle</a>` : nothing}
          ${download && !rootOk ? html`<button type="button" class="btn quiet small" @click=${view.onChooseCaFile}>Choose the CA file</button>` : nothing}
        </p>
      </div>
    </div>`;
}
