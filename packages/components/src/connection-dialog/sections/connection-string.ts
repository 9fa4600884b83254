import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { OutputFormat, ParseResult, ValidationIssue } from '../../internal/core.js';
import { icons } from '../../internal/icons.js';
import { describedBy, issuesFor, renderIssues } from '../../internal/issues.js';
import { SAVE_PASSWORD_LABEL, secretStoreHelp } from '../../internal/secret-store.js';
import { FORMAT_LABELS, OUTPUT_FORMATS } from '../labels.js';
import type { CredentialsView } from './credentials.js';
import type * as ParseFeedback from './parse-feedback.js';
import { renderProvider } from './provider.js';

export interface ConnectionStringView extends CredentialsView {
  issues: ValidationIssue[];
  connectionString: string;
  parsed: ParseResult | undefined;
  submitted: boolean;
  /** The parser module has arrived (it is loaded with the tab). */
  loaded: boolean;
  /** Arrives with the parser, before any string is parsed. */
  parseFeedback: typeof ParseFeedback | undefined;
  copyFormat: OutputFormat;
  copyWithPassword: boolean;
  /** The draft written in `copyFormat`; undefined until the parser module has arrived. */
  copyText: string | undefined;
  onStringInput: (e: Event) => void;
  onPasswordInput: (e: Event) => void;
  onSavePasswordChange: (e: Event) => void;
  onCopyFormatChange: (e: Event) => void;
  onCopyWithPasswordChange: (e: Event) => void;
  onCopy: () => void;
}

/** The Connection String tab: the string, parsed live, with Connection Details beside it and Copy as below. */
export function renderConnectionString(view: ConnectionStringView): TemplateResult {
  const { parsed, issues, draft } = view;
  const error = parsed && !parsed.ok ? parsed.error : undefined;
  // A string that cannot be read shows only why: the missing server and user follow from it.
  const sourceIssues = !error && (view.connectionString.trim() !== '' || view.submitted) ? issues.filter((i) => i.severity === 'error' && /^(hosts|auth\.user)/.test(i.field)) : [];
  const provider = parsed?.ok ? view.provider : null;
  return html`<div class="cs-grid">
      <div class="stack">
        <div class="field">
          <div class="label-row">
            <label class="label" for="connection-string">Connection string</label>
            ${parsed?.ok ? html`<span id="cs-format" class="badge accent">${FORMAT_LABELS[parsed.format]}</span>` : nothing}
          </div>
          <textarea id="connection-string" rows="5" spellcheck="false" autocomplete="off" .value=${view.connectionString} ?disabled=${!view.loaded}
            placeholder="postgresql://alice@db.example.com:5432/app?sslmode=verify-full"
            aria-invalid=${error || sourceIssues.length > 0 ? 'true' : 'false'}
            aria-describedby=${describedBy(parsed?.ok && 'cs-format', 'cs-help', error && 'cs-error', sourceIssues.length > 0 && 'cs-issues')} @input=${view.onStringInput}></textarea>
          <p id="cs-help" class="help">URI, key=value, JDBC, Npgsql, a psql command, PG… exports, or a Node, Python, PHP or Ruby snippet. Leave the password out and type it below.</p>
          ${error ? view.parseFeedback?.renderParseError(view.connectionString, error) : nothing}
          ${renderIssues('cs-issues', sourceIssues)}
          ${parsed ? view.parseFeedback?.renderParseWarnings(parsed.warnings) : nothing}
        </div>
        ${draft.auth.type === 'password'
          ? html`<div class="row two">
              <div class="field">
                <label class="label" for="cs-password">Password</label>
                <input id="cs-password" type="password" autocomplete="current-password" .value=${view.password} placeholder=${view.hasPassword ? 'Saved — leave empty to keep' : ''}
                  @input=${view.onPasswordInput} />
              </div>
              <div class="field beside">
                <label class="check"><input id="cs-save-password" type="checkbox" .checked=${draft.auth.savePassword} aria-describedby=${describedBy(view.secretStore && 'cs-save-password-help')}
                  @change=${view.onSavePasswordChange} />${SAVE_PASSWORD_LABEL}</label>
                ${view.secretStore ? html`<p id="cs-save-password-help" class="help">${secretStoreHelp(view.secretStore)}</p>` : nothing}
              </div>
            </div>`
          : nothing}
        ${renderCopyAs(view)}
      </div>
      <div class="stack">
        ${renderDetails(view)}
        ${provider ? renderProvider({ ...view, match: provider }) : nothing}
      </div>
    </div>`;
}

/** Connection Details: what the string says, read back field by field. */
function renderDetails(view: ConnectionStringView): TemplateResult {
  const { parsed, draft: d, visible } = view;
  const ok = parsed?.ok === true;
  const hosts = d.hosts.filter((h) => h.host !== '').map((h) => `${h.host}${h.port ? `:${h.port}` : ''}`);
  const user = 'user' in d.auth ? d.auth.user : undefined;
  const shown = new Set(['host', 'port', 'dbname', 'user', 'password', 'sslmode', 'hostaddr']);
  const others = ok ? Object.entries(parsed.keywords).filter(([k]) => !shown.has(k)) : [];
  return html`<aside class="details" aria-labelledby="details-title" part="connection-details">
      <h3 id="details-title">Connection details</h3>
      ${ok || view.connectionString === ''
        ? html`<dl>
            <dt>Server</dt><dd>${hosts.length > 0 ? hosts.join(', ') : '—'}</dd>
            <dt>Database</dt><dd>${d.database ?? '—'}</dd>
            <dt>User</dt><dd>${user || '—'}</dd>
            <dt>SSL mode</dt><dd>${d.ssl.sslmode}${d.ssl.rootCert === 'system' ? ', system roots' : ''}</dd>
            <dt>Password</dt><dd>${view.password ? 'typed (kept out of the string)' : view.hasPassword ? 'saved' : '—'}</dd>
            ${others.map(([k, v]) => html`<dt class="mono">${k}</dt><dd>${v}</dd>`)}
          </dl>`
        : html`<p class="help">Details appear as soon as the string can be read.</p>`}
      ${issuesFor(visible, 'ssl.sslmode').length > 0 ? renderIssues('details-ssl-issues', issuesFor(visible, 'ssl.sslmode')) : nothing}
    </aside>`;
}

/** Copy as: the draft written in another format, with or without the password. */
function renderCopyAs(view: ConnectionStringView): TemplateResult {
  const text = view.copyText ?? '';
  const canCopy = view.draft.hosts.some((h) => h.host !== '') || Boolean(view.draft.service);
  return html`<fieldset class="copy-as">
      <legend class="label">Copy as</legend>
      <div class="copy-row">
        <select id="copy-format" aria-label="Format to copy" .value=${view.copyFormat} @change=${view.onCopyFormatChange}>
          ${OUTPUT_FORMATS.map((f) => html`<option value=${f.format} ?selected=${f.format === view.copyFormat}>${f.label}</option>`)}
        </select>
        <button type="button" class="btn" ?disabled=${!canCopy} @click=${view.onCopy}>${icons.copy()}Copy</button>
      </div>
      <label class="check"><input type="checkbox" .checked=${view.copyWithPassword} @change=${view.onCopyWithPasswordChange} />Include the password</label>
      ${canCopy ? html`<textarea id="copy-preview" class="preview" readonly rows="2" aria-label="Text to copy" .value=${text}></textarea>` : nothing}
    </fieldset>`;
}
