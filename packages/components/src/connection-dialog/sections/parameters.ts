import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { BridgeService } from '../../client/bridge-client.js';
import type { EntraPopupConfig } from '../../entra/config.js';
import type { PgAuthChangeEvent } from '../../events/pg-auth-change.js';
import { DEFAULT_PORT } from '../../internal/core.js';
import { icons } from '../../internal/icons.js';
import { issuesUnder } from '../../internal/issues.js';
import { renderField } from './field.js';
import type { CredentialsView } from './credentials.js';
import { renderProvider } from './provider.js';

export interface ParametersView extends CredentialsView {
  /** Database names to offer in the list. */
  databases: string[];
  /** Whether "List databases" can ask: a client, and no `databases` given by the page. */
  canListDatabases: boolean;
  client: BridgeService | undefined;
  tokenExpiresAt: string | undefined;
  entraPopup: EntraPopupConfig | undefined;
  onHostInput: (e: Event) => void;
  onHostChange: (e: Event) => void;
  onPortInput: (e: Event) => void;
  onAuthChange: (e: PgAuthChangeEvent) => void;
  onDatabaseInput: (e: Event) => void;
  onListDatabases: () => void;
}

/** The Parameters tab: server and port, the provider callout, authentication and the database. */
export function renderParameters(view: ParametersView): TemplateResult {
  const { draft, visible, provider } = view;
  const first = draft.hosts[0] ?? { host: '' };
  return html`<div class="stack">
      <div class="server-row">
        ${renderField('server', 'hosts.0.host', 'Server name', first.host, visible, {
          placeholder: 'localhost or db.example.com',
          help: 'Host name, IP address or socket directory. host:port is understood.',
          onInput: view.onHostInput,
          onChange: view.onHostChange,
        })}
        ${renderField('port', 'hosts.0.port', 'Port', first.port === undefined ? '' : String(first.port), visible, {
          type: 'number',
          inputmode: 'numeric',
          placeholder: String(DEFAULT_PORT),
          onInput: view.onPortInput,
        })}
      </div>
      ${provider ? renderProvider({ ...view, match: provider }) : nothing}
      <pg-auth-settings .value=${draft.auth} .password=${view.password} ?has-password=${view.hasPassword} host=${first.host} .secretStore=${view.secretStore}
        .client=${view.client} .tokenExpiresAt=${view.tokenExpiresAt} .entraPopup=${view.entraPopup}
        .issues=${issuesUnder(visible, 'auth')} @pg-auth-change=${view.onAuthChange}></pg-auth-settings>
      <div class="row two">
        <div class="field">
          <label class="label" for="database">Database name <span class="optional">(optional)</span></label>
          <div class="with-button">
            <input id="database" data-field="database" type="text" spellcheck="false" autocomplete="off" list="database-list" placeholder="Default: same as the user name"
              .value=${draft.database ?? ''} @input=${view.onDatabaseInput} />
            <button type="button" class="btn" ?disabled=${!view.canListDatabases} aria-label="List databases on the server"
              title="List databases" @click=${view.onListDatabases}>${icons.database()}</button>
          </div>
          <datalist id="database-list">${view.databases.map((d) => html`<option value=${d}></option>`)}</datalist>
        </div>
        <div></div>
      </div>
    </div>`;
}
