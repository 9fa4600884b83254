import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { PgSshChangeEvent } from '../../events/pg-ssh-change.js';
import type { PgSslChangeEvent } from '../../events/pg-ssl-change.js';
import type { ConnectionProfile, ValidationIssue } from '../../internal/core.js';
import { icons } from '../../internal/icons.js';
import { issuesUnder } from '../../internal/issues.js';
import { DEFAULT_SSH } from '../../ssh-settings/defaults.js';
import { renderField } from './field.js';

/** The Advanced drawer's accordion sections. */
export type Section = 'source' | 'security' | 'server' | 'client' | 'ssl' | 'copilot' | 'ssh';

type ClientSettings = ConnectionProfile['client'];

export interface AdvancedView {
  draft: ConnectionProfile;
  visible: ValidationIssue[];
  openSections: ReadonlySet<Section>;
  sshSecret: string;
  /** The bridge runs as a server: the SSL and SSH settings take no file paths. */
  noFilePaths: boolean;
  onPatch: (patch: Partial<ConnectionProfile>) => void;
  onClient: <K extends keyof ClientSettings>(key: K, value: ClientSettings[K] | undefined) => void;
  onServiceInput: (e: Event) => void;
  onHostaddrInput: (e: Event) => void;
  onEnvironmentChange: (e: Event) => void;
  onSectionToggle: (section: Section, open: boolean) => void;
  onSslChange: (e: PgSslChangeEvent) => void;
  onSshChange: (e: PgSshChangeEvent) => void;
}

/** The Advanced drawer: scope, application name and timeout, and the accordion of less common settings. */
export function renderAdvanced(view: AdvancedView): TemplateResult {
  const { draft: d, visible } = view;
  const c = d.client;
  const extraHosts = d.hosts.slice(1);
  const sslIssues = issuesUnder(visible, 'ssl');
  const sshIssues = issuesUnder(visible, 'ssh');
  const section = (id: Section, title: string, summary: string, body: TemplateResult) => renderSection(view, id, title, summary, body);
  return html`<section id="advanced" class="advanced" part="advanced" aria-labelledby="advanced-title">
      <h3 id="advanced-title">Advanced connection settings</h3>
      <div class="row three">
        <fieldset class="field">
          <legend class="label">Scope</legend>
          <div class="segmented" role="radiogroup" aria-label="Scope">
            ${(['user', 'workspace'] as const).map(
              (s) => html`<label><input type="radio" name="scope" .value=${s} .checked=${d.scope === s} @change=${() => view.onPatch({ scope: s })} />${s === 'user' ? 'User' : 'Workspace'}</label>`,
            )}
          </div>
        </fieldset>
        ${renderField('app-name', 'client.applicationName', 'Application name', c.applicationName, visible, { onInput: (e) => view.onClient('applicationName', (e.target as HTMLInputElement).value) })}
        ${renderField('connect-timeout', 'client.connectTimeoutSeconds', 'Connect timeout (seconds)', String(c.connectTimeoutSeconds), visible, {
          type: 'number',
          inputmode: 'numeric',
          onInput: (e) => view.onClient('connectTimeoutSeconds', Number((e.target as HTMLInputElement).value || 0)),
        })}
      </div>
      <div class="accordion">
        ${section('source', 'Source', extraHosts.length > 0 ? `${d.hosts.length} hosts` : 'Hosts, failover, service', html`<div class="stack">
          <div class="field">
            <span class="label" id="hosts-label">Additional hosts <span class="optional">(tried in order; libpq multi-host)</span></span>
            ${extraHosts.map(
              (h, i) => html`<div class="host-line">
                <input aria-label="Host ${i + 2}" data-field="hosts.${i + 1}.host" .value=${h.host} placeholder="replica.example.com"
                  @change=${(e: Event) => view.onPatch({ hosts: d.hosts.map((x, j) => (j === i + 1 ? { ...x, host: (e.target as HTMLInputElement).value.trim() } : x)) })} />
                <input aria-label="Port of host ${i + 2}" type="number" .value=${h.port ? String(h.port) : ''} placeholder="5432"
                  @change=${(e: Event) => view.onPatch({ hosts: d.hosts.map((x, j) => (j === i + 1 ? { host: x.host, ...((e.target as HTMLInputElement).value ? { port: Number((e.target as HTMLInputElement).value) } : {}) } : x)) })} />
                <button type="button" class="icon-btn" aria-label="Remove host ${i + 2}" @click=${() => view.onPatch({ hosts: d.hosts.filter((_, j) => j !== i + 1) })}>${icons.trash()}</button>
              </div>`,
            )}
            <button type="button" class="btn small fit" @click=${() => view.onPatch({ hosts: [...d.hosts, { host: '' }] })}>${icons.plus()}Add host</button>
          </div>
          <div class="row">
            <div class="field">
              <label class="label" for="target-session">Target session</label>
              <select id="target-session" .value=${c.targetSessionAttrs ?? ''} @change=${(e: Event) => view.onClient('targetSessionAttrs', ((e.target as HTMLSelectElement).value || undefined) as ClientSettings['targetSessionAttrs'])}>
                <option value="">Any server (default)</option>
                <option value="read-write">Read-write</option>
                <option value="read-only">Read-only</option>
                <option value="primary">Primary</option>
                <option value="standby">Standby</option>
                <option value="prefer-standby">Prefer standby</option>
              </select>
            </div>
            <label class="check end"><input type="checkbox" .checked=${c.loadBalanceHosts === 'random'} @change=${(e: Event) => view.onClient('loadBalanceHosts', (e.target as HTMLInputElement).checked ? 'random' : undefined)} />Spread connections across hosts</label>
            ${renderField('service', 'service', 'Service', d.service ?? '', visible, { optional: true, placeholder: 'pg_service.conf entry', onInput: view.onServiceInput })}
          </div>
        </div>`)}
        ${section('security', 'Security', c.readOnly ? 'Read-only sessions' : 'Read-only, allowed methods', html`<div class="stack">
          <label class="check"><input type="checkbox" .checked=${Boolean(c.readOnly)} @change=${(e: Event) => view.onClient('readOnly', (e.target as HTMLInputElement).checked || undefined)} />
            Open read-only sessions (enforced by the server with default_transaction_read_only)</label>
          ${renderField('require-auth', 'client.requireAuth', 'Allowed authentication methods', c.requireAuth ?? '', visible, { optional: true, placeholder: 'scram-sha-256', help: 'libpq require_auth: refuse servers that ask for anything else.', onInput: (e) => view.onClient('requireAuth', (e.target as HTMLInputElement).value.trim() || undefined) })}
        </div>`)}
        ${section('server', 'Server', 'Host address, options', html`<div class="row">
          ${renderField('hostaddr', 'hostaddr', 'Host IP address', (d.hostaddr ?? []).join(','), visible, { optional: true, placeholder: '10.0.0.5', help: 'Dial this address while still verifying the server name.', onInput: view.onHostaddrInput })}
          ${renderField('options', 'client.options', 'Command-line options', c.options ?? '', visible, { optional: true, placeholder: '-c search_path=app', onInput: (e) => view.onClient('options', (e.target as HTMLInputElement).value || undefined) })}
        </div>`)}
        ${section('client', 'Client', 'Encoding, keepalives, environment', html`<div class="row">
          ${renderField('client-encoding', 'client.clientEncoding', 'Client encoding', c.clientEncoding ?? '', visible, { optional: true, placeholder: 'UTF8', onInput: (e) => view.onClient('clientEncoding', (e.target as HTMLInputElement).value.trim() || undefined) })}
          <div class="field">
            <label class="label" for="environment">Environment</label>
            <select id="environment" .value=${d.environment ?? ''} @change=${view.onEnvironmentChange}>
              <option value="">Not set</option><option value="development">Development</option><option value="staging">Staging</option><option value="production">Production</option>
            </select>
          </div>
          <label class="check end"><input type="checkbox" .checked=${c.keepalives !== false} @change=${(e: Event) => view.onClient('keepalives', (e.target as HTMLInputElement).checked)} />TCP keepalives</label>
        </div>`)}
        ${section('ssl', 'SSL', `${d.ssl.sslmode}${d.ssl.rootCert === 'system' ? ' · system roots' : ''}${sslIssues.some((i) => i.severity === 'error') ? ' · needs attention' : ''}`, html`<pg-ssl-settings .value=${d.ssl} host=${d.hosts[0]?.host ?? ''} .issues=${sslIssues}
          ?no-file-paths=${view.noFilePaths} @pg-ssl-change=${view.onSslChange}></pg-ssl-settings>`)}
        ${section('copilot', 'Copilot', c.copilotAccessMode === 'global' ? 'Use global setting' : c.copilotAccessMode === 'readOnly' ? 'Read only' : 'Read/write', html`<div class="field narrow">
          <label class="label" for="copilot">Copilot access mode</label>
          <select id="copilot" .value=${c.copilotAccessMode} @change=${(e: Event) => view.onClient('copilotAccessMode', (e.target as HTMLSelectElement).value as ClientSettings['copilotAccessMode'])}>
            <option value="global">Use global setting</option><option value="readOnly">Read only</option><option value="readWrite">Read/write</option>
          </select>
        </div>`)}
        ${section('ssh', 'SSH Tunnel', d.ssh?.enabled ? `${d.ssh.user ? `${d.ssh.user}@` : ''}${d.ssh.host || 'on'}${sshIssues.some((i) => i.severity === 'error') ? ' · needs attention' : ''}` : 'Off', html`<pg-ssh-settings .value=${d.ssh ?? DEFAULT_SSH} .secret=${view.sshSecret} .issues=${sshIssues}
          ?no-file-paths=${view.noFilePaths} @pg-ssh-change=${view.onSshChange}></pg-ssh-settings>`)}
      </div>
    </section>`;
}

/** One accordion section of the drawer, its open state kept by the dialog. */
function renderSection(view: AdvancedView, id: Section, title: string, summary: string, body: TemplateResult): TemplateResult {
  // The state hint sits beside the summary, not in it: the summary's visible text and accessible name are the
  // title alone (WCAG 2.5.3), and the hint is its description.
  return html`<div class="section"><details data-section=${id} ?open=${view.openSections.has(id)} @toggle=${(e: Event) => view.onSectionToggle(id, (e.target as HTMLDetailsElement).open)}>
      <summary aria-describedby="section-${id}-hint"><span class="summary-title">${title}</span></summary>
      <div class="section-body">${body}</div>
    </details><span class="summary-hint" id="section-${id}-hint">${summary}</span></div>`;
}
