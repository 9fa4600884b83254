import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PrivilegeReport, TablePrivilege } from '../client/protocol.js';
import { icons } from '../internal/icons.js';
import { controls } from '../styles/controls.styles.js';
import { themes, tokens } from '../styles/tokens.styles.js';
import { vscodeTheme } from '../styles/vscode-theme.styles.js';
import styles from './pg-permissions-view.styles.js';

const TABLE_COLUMNS: { privilege: TablePrivilege; label: string }[] = [
  { privilege: 'SELECT', label: 'Read' },
  { privilege: 'INSERT', label: 'Insert' },
  { privilege: 'UPDATE', label: 'Update' },
  { privilege: 'DELETE', label: 'Delete' },
  { privilege: 'TRUNCATE', label: 'Truncate' },
];

/** Rows rendered at once; the filter narrows larger lists. */
const PAGE = 200;

interface Intent {
  label: string;
  ok: boolean;
  why: string;
}

/** What the role can do, graded against what people connect for. */
export function gradeIntents(report: PrivilegeReport): Intent[] {
  const superuser = report.role.superuser;
  const canRead = superuser || report.tables.some((t) => t.privileges.includes('SELECT'));
  const canWrite = superuser || report.tables.some((t) => t.privileges.some((p) => p === 'INSERT' || p === 'UPDATE' || p === 'DELETE'));
  const canDdl = superuser || report.database.create || report.schemas.some((s) => s.create || s.owner);
  return [
    { label: 'Connect', ok: superuser || report.database.connect, why: report.database.connect ? `CONNECT on ${report.database.name}` : 'No CONNECT privilege' },
    { label: 'Read data', ok: canRead, why: canRead ? 'SELECT on at least one table' : 'No readable tables' },
    { label: 'Write data', ok: canWrite, why: canWrite ? 'INSERT, UPDATE or DELETE granted' : 'Read-only for tables' },
    { label: 'Change schema', ok: canDdl, why: canDdl ? 'CREATE on the database or a schema' : 'No CREATE anywhere' },
    { label: 'Replication', ok: superuser || report.role.replication, why: report.role.replication ? 'REPLICATION attribute' : 'No REPLICATION attribute' },
  ];
}

/**
 * @summary The effective privileges Test Connection found: what the role can do at a glance, its attributes and
 * memberships, database privileges, and per-schema, per-table (with the role a grant is inherited through),
 * sequence and function privileges.
 *
 * @csspart summary - The grid of what the role can do.
 * @csspart tables - The table privileges table.
 * @cssprop --pg-permissions-view-max-height - Height of each scrollable list.
 */
@customElement('pg-permissions-view')
export class PgPermissionsView extends LitElement {
  static override styles = [tokens, themes, vscodeTheme, controls, styles];

  @state() private filter = '';

  @property({ attribute: false }) report: PrivilegeReport | undefined;
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;

  #mark(ok: boolean, via?: string) {
    return ok
      ? html`<span class="yes">${icons.check(14)}<span class="sr-only">yes</span></span>${via ? html`<span class="via">via ${via}</span>` : nothing}`
      : html`<span class="no" aria-label="no">—</span>`;
  }

  override render() {
    const report = this.report;
    if (!report) return html`<p class="note">Run Test Connection to see what this role may do.</p>`;
    const attributes: [boolean, string][] = [
      [report.role.superuser, 'superuser'],
      [report.role.createDb, 'create database'],
      [report.role.createRole, 'create role'],
      [report.role.replication, 'replication'],
      [report.role.bypassRls, 'bypasses RLS'],
      [!report.role.canLogin, 'cannot log in'],
    ];
    const needle = this.filter.trim().toLowerCase();
    const tables = needle ? report.tables.filter((t) => `${t.schema}.${t.name}`.toLowerCase().includes(needle)) : report.tables;
    return html`
      <div class="summary" part="summary" role="list" aria-label="What this role can do">
        ${gradeIntents(report).map(
          (i) => html`<div class="intent" role="listitem">
            <strong class=${i.ok ? 'yes' : 'no'}>${i.ok ? icons.checkCircle(14) : icons.skip(14)}<span>${i.label}</span><span class="sr-only">: ${i.ok ? 'yes' : 'no'}</span></strong>
            <span>${i.why}</span>
          </div>`,
        )}
      </div>
      <div class="role">
        <span class="role-name">${report.role.name}</span>
        ${attributes.filter(([on]) => on).map(([, label]) => html`<span class="badge ${label === 'superuser' ? 'warn' : ''}">${label}</span>`)}
        ${report.memberships.length > 0 ? html`<span class="badge accent">member of ${report.memberships.map((m) => m.role).join(', ')}</span>` : nothing}
      </div>
      <details open>
        <summary>Database <span class="count">${report.database.name}</span></summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Database privileges">
          <table>
            <thead><tr><th scope="col">Database</th><th scope="col" class="c">Connect</th><th scope="col" class="c">Create schemas</th><th scope="col" class="c">Temporary tables</th></tr></thead>
            <tbody><tr><td class="obj">${report.database.name}</td><td class="c">${this.#mark(report.database.connect)}</td><td class="c">${this.#mark(report.database.create)}</td><td class="c">${this.#mark(report.database.temp)}</td></tr></tbody>
          </table>
        </div>
      </details>
      <details>
        <summary>Schemas <span class="count">(${report.totals.schemas})</span></summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Schema privileges">
          <table>
            <thead><tr><th scope="col">Schema</th><th scope="col" class="c">Use</th><th scope="col" class="c">Create</th><th scope="col" class="c">Owner</th></tr></thead>
            <tbody>${report.schemas.slice(0, PAGE).map((s) => html`<tr><td class="obj">${s.name}</td><td class="c">${this.#mark(s.usage)}</td><td class="c">${this.#mark(s.create)}</td><td class="c">${this.#mark(s.owner)}</td></tr>`)}</tbody>
          </table>
        </div>
      </details>
      <details open part="tables">
        <summary>Tables and views <span class="count">(${report.totals.tables})</span></summary>
        ${report.tables.length > 10
          ? html`<input class="filter" type="search" aria-label="Filter tables" placeholder="Filter tables" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />`
          : nothing}
        <div class="table-wrap" tabindex="0" role="region" aria-label="Table privileges">
          <table>
            <thead>
              <tr><th scope="col">Table</th>${TABLE_COLUMNS.map((c) => html`<th scope="col" class="c">${c.label}</th>`)}</tr>
            </thead>
            <tbody>
              ${tables.slice(0, PAGE).map(
                (t) => html`<tr>
                  <td class="obj">${t.schema}.${t.name}${t.rowSecurity ? html` <span class="badge">RLS</span>` : nothing}</td>
                  ${TABLE_COLUMNS.map((c) => html`<td class="c">${this.#mark(t.privileges.includes(c.privilege), t.via?.[c.privilege])}</td>`)}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${tables.length > PAGE ? html`<p class="note">Showing ${PAGE} of ${tables.length}; filter to narrow the list.</p>` : nothing}
        ${report.tables.length === 0 ? html`<p class="note">No tables this role can see. Does it have USAGE on the schemas and privileges on their tables?</p>` : nothing}
      </details>
      <details>
        <summary>Sequences <span class="count">(${report.totals.sequences})</span> and functions <span class="count">(${report.totals.functions})</span></summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Sequence and function privileges">
          <table>
            <thead><tr><th scope="col">Object</th><th scope="col">Privileges</th></tr></thead>
            <tbody>
              ${report.sequences.slice(0, PAGE).map((s) => html`<tr><td class="obj">${s.schema}.${s.name}</td><td>${s.privileges.join(', ') || '—'}</td></tr>`)}
              ${report.functions.slice(0, PAGE).map((f) => html`<tr><td class="obj">${f.schema}.${f.name}(${f.arguments})</td><td>${f.privileges.join(', ') || '—'}</td></tr>`)}
            </tbody>
          </table>
        </div>
      </details>
      ${report.truncated ? html`<p class="note">The bridge sent part of a very long list; counts above are complete.</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pg-permissions-view': PgPermissionsView;
  }
}
