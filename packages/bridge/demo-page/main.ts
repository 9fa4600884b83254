/**
 * The `pgconnect demo` page: a landing page that embeds `<pg-connection-dialog>` and `<pg-server-groups>`,
 * wired to the bridge that serves it. The bridge injected its token (a `<meta>`) and the demo's facts (a JSON
 * data block) into the HTML; no password is ever in either — the user types them from the terminal.
 */
import { BridgeClient, provideBridge, WebSocketTransport } from '@pgconnect/components';
import type { BridgeState, PgConnectedEvent, PgConnectionDialog, PgProfileSelectEvent, ProfileListItem } from '@pgconnect/components';
import { html, nothing, render, type TemplateResult } from 'lit';
import { FACTS_ELEMENT_ID, TOKEN_META_NAME, type DemoPageFacts } from '../src/demo/page-facts.js';

/** A connection the bridge opened for this page (Save & Connect); it lives as long as the page's session. */
interface OpenConnection {
  connectionId: string;
  name: string;
  user: string;
  database: string;
  openedAt: Date;
}

const STATE_LABELS: Record<BridgeState, string> = {
  connecting: 'Connecting to the bridge…',
  ready: 'Bridge connected',
  reconnecting: 'Bridge unreachable: retrying…',
  unverified: 'Bridge not verified: nothing is sent',
  closed: 'Bridge closed',
};

const facts = readFacts();
const client = new BridgeClient(new WebSocketTransport({ url: `ws://${location.host}/`, token: readToken() }));
provideBridge(document.body, client);

const app = document.getElementById('app')!;
let profiles: ProfileListItem[] | undefined;
let dialog = newDialog();
let copied: string | undefined;
const connections: OpenConnection[] = [];

client.addEventListener('statechange', () => {
  update();
  if (client.state === 'ready') void refreshProfiles();
});
window.addEventListener('focus', () => void refreshProfiles());
update();

/* ── reading what the bridge injected ─────────────────────────────────────────────────────────────────── */

function readToken(): string {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META_NAME}"]`);
  if (!meta?.content) throw new Error('The page has no bridge token: open it from the URL pgconnect demo printed.');
  // Read once; nothing else on the page needs it.
  meta.remove();
  return meta.content;
}

function readFacts(): DemoPageFacts {
  return JSON.parse(document.getElementById(FACTS_ELEMENT_ID)?.textContent ?? '{}') as DemoPageFacts;
}

/* ── the dialog ───────────────────────────────────────────────────────────────────────────────────────── */

/**
 * A fresh dialog for each New connection, so nothing typed into an earlier one is carried over. It asks the
 * bridge for the server groups itself each time it opens, so a group just made in <pg-server-groups> is offered.
 */
function newDialog(): PgConnectionDialog {
  const element = document.createElement('pg-connection-dialog');
  element.theme = 'auto';
  element.addEventListener('pg-connected', onConnected);
  // The dialog closes itself; afterwards, what it saved shows up in the server groups.
  element.addEventListener('pg-close-request', () => setTimeout(() => void refreshProfiles()));
  document.body.append(element);
  return element;
}

function openNew(): void {
  dialog.remove();
  dialog = newDialog();
  dialog.open = true;
}

async function openSaved(profileId: string): Promise<void> {
  try {
    const saved = await client.request('profiles.get', { profileId });
    dialog.profile = saved.profile;
    dialog.hasPassword = saved.secrets.hasPassword;
    dialog.open = true;
  } catch {
    // The saved connection was deleted in the meantime: start a new one instead.
    openNew();
  }
}

function onConnected(e: PgConnectedEvent): void {
  const { profile, connectionId } = e.detail;
  const user = profile.auth.type === 'none' ? (profile.auth.user ?? '') : 'user' in profile.auth ? profile.auth.user : '';
  connections.unshift({
    connectionId,
    name: profile.name || `${user}@${profile.hosts[0]?.host ?? ''}`,
    user,
    database: profile.database ?? user,
    openedAt: new Date(),
  });
  void refreshProfiles();
  update();
}

/** Saved connections for the server groups. */
async function refreshProfiles(): Promise<void> {
  if (client.state !== 'ready') return;
  try {
    profiles = (await client.request('profiles.list', {})).profiles;
    update();
  } catch {
    // The groups element shows bridge errors itself.
  }
}

async function copy(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
  copied = text;
  update();
  setTimeout(() => {
    if (copied === text) copied = undefined;
    update();
  }, 1500);
}

/* ── render ───────────────────────────────────────────────────────────────────────────────────────────── */

function update(): void {
  render(page(), app);
}

function copyButton(text: string, label: string): TemplateResult {
  return html`<button type="button" class="copy" aria-label=${`Copy ${label}`} @click=${() => void copy(text)}>${copied === text ? 'Copied' : 'Copy'}</button>`;
}

function page(): TemplateResult {
  const { server, database, schema, caCertPath } = facts;
  const readerId = facts.profileIds.demo_reader;
  return html`
    <header class="top">
      <div class="brand">pgconnect <span>demo</span></div>
      <div class="status" data-state=${client.state} role="status">${STATE_LABELS[client.state]}</div>
      <div class="server">PostgreSQL ${server.version} · ${server.host}:${server.port} · database <code>${database}</code></div>
    </header>
    <main class="layout">
      <section class="intro" aria-labelledby="intro-title">
        <h1 id="intro-title">A real PostgreSQL connection dialog, on a real server</h1>
        <p>
          This page embeds <code>&lt;pg-connection-dialog&gt;</code> and <code>&lt;pg-server-groups&gt;</code>. Everything they do
          goes through the pgconnect bridge running in your terminal, to a PostgreSQL ${server.version} server it started for this demo
          with TLS on. The passwords are printed in the terminal: this page does not know them until you type them.
        </p>
        <div class="actions">
          <button type="button" class="primary" @click=${openNew}>New connection</button>
          ${readerId ? html`<button type="button" @click=${() => void openSaved(readerId)}>Open “Demo as demo_reader”</button>` : nothing}
        </div>
      </section>

      <section class="try" aria-labelledby="try-title">
        <h2 id="try-title">Things to try</h2>
        <ol class="steps">
          <li>
            <h3>Create a connection</h3>
            <p>
              Choose <strong>New connection</strong>. Server name <code>localhost</code>, port <code>${server.port}</code>, database
              <code>${database}</code>, user <code>demo_reader</code>, and the password from your terminal.
            </p>
          </li>
          <li>
            <h3>Test it</h3>
            <p>
              <strong>Test Connection</strong> streams each stage: DNS, TCP, TLS, authentication, then the server's facts (version, TLS protocol
              and cipher, whether the certificate was verified, the role's attributes).
            </p>
          </li>
          <li>
            <h3>See the privileges</h3>
            <p>
              After a test as <code>demo_reader</code>, the report shows what the role can really do in <code>${schema}</code>:
              read <code>products</code>, <code>orders</code> and <code>order_lines</code> through the role <code>demo_analyst</code> it
              inherits from; only the <code>id</code>, <code>name</code> and <code>country</code> columns of <code>customers</code>; run
              <code>order_total()</code> although EXECUTE is revoked from PUBLIC; nothing on <code>payments</code>. Its membership in
              <code>demo_auditor</code> is WITH INHERIT FALSE, so <code>audit_log</code> stays closed until <code>SET ROLE demo_auditor</code>.
              Compare with <code>demo_admin</code>, who owns everything.
            </p>
          </li>
          <li>
            <h3>Try a wrong password</h3>
            <p>The test stops at authentication with the server's verdict and a plain-language hint.</p>
          </li>
          <li>
            <h3>Verify the server's certificate</h3>
            <p>
              Under <strong>Advanced → SSL</strong>, set sslmode <code>verify-full</code>. Without a root certificate the test fails: nothing
              trusts the demo's private CA. Give it the demo CA as root certificate and it passes, for <code>localhost</code>,
              <code>127.0.0.1</code> and <code>::1</code> alike.
            </p>
            <p class="path"><code>${caCertPath}</code> ${copyButton(caCertPath, 'the CA certificate path')}</p>
          </li>
          <li>
            <h3>See TLS required</h3>
            <p>Set sslmode <code>disable</code>: the server refuses connections without TLS (its pg_hba.conf rejects <code>hostnossl</code>).</p>
          </li>
          <li>
            <h3>Paste a connection string</h3>
            <p>
              On the <strong>Connection String</strong> tab, paste one of the strings below: the dialog recognises the format, fills the fields
              and says what it dropped.
            </p>
          </li>
          <li>
            <h3>Save &amp; Connect, and group your connections</h3>
            <p>
              Saved connections appear under <strong>Server groups</strong>; create groups, colour them, remove them (their connections move to
              the default group).
            </p>
          </li>
        </ol>
      </section>

      <aside class="side">
        <section aria-label="Server groups">
          <pg-server-groups theme="auto" .profiles=${profiles} @pg-profile-select=${(e: PgProfileSelectEvent) => void openSaved(e.detail.profile.id)}></pg-server-groups>
        </section>

        ${connections.length > 0
          ? html`<section aria-labelledby="open-title">
              <h2 id="open-title">Opened by Save &amp; Connect</h2>
              <ul class="connections">${connections.map(connectionCard)}</ul>
            </section>`
          : nothing}

        <section aria-labelledby="server-title">
          <h2 id="server-title">The demo server</h2>
          <dl class="facts">
            <dt>Host</dt><dd><code>${server.host}</code> (or <code>127.0.0.1</code>, <code>::1</code>)</dd>
            <dt>Port</dt><dd><code>${server.port}</code></dd>
            <dt>Database</dt><dd><code>${database}</code>, schema <code>${schema}</code></dd>
            ${facts.roles.map((role) => html`<dt>Role</dt><dd><code>${role.name}</code>: ${role.description}</dd>`)}
            <dt>Passwords</dt><dd>in your terminal</dd>
          </dl>
        </section>

        <section aria-labelledby="strings-title">
          <h2 id="strings-title">Connection strings to paste</h2>
          <ul class="strings">
            ${facts.connectionStrings.map(
              (s) => html`<li><span class="label">${s.label}</span><code class="string">${s.text}</code>${copyButton(s.text, s.label)}</li>`,
            )}
          </ul>
        </section>
      </aside>
    </main>
    <footer class="foot">
      Saved connections and passwords live in a throwaway folder (an encrypted file, never your keychain) and disappear with the server when
      you stop the demo with Ctrl-C.
    </footer>
  `;
}

function connectionCard(connection: OpenConnection): TemplateResult {
  return html`<li>
    <strong>${connection.name}</strong>
    <span>as <code>${connection.user}</code> on <code>${connection.database}</code>, opened ${connection.openedAt.toLocaleTimeString()}</span>
  </li>`;
}
