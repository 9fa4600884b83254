/**
 * The page the screenshot script renders: the dialog with a fake bridge, put into the state named by the URL
 * (`?state=parameters|string|advanced|success|failure&theme=light|dark|vscode`).
 */
import '../src/index.js';
import type { PgConnectionDialog } from '../src/index.js';
import { FakeBridgeClient, failureReport, successReport } from '../src/test-support/fixtures.js';
import { createProfile } from '@pgconnect/core';

const params = new URLSearchParams(location.search);
const state = params.get('state') ?? 'parameters';
const theme = (params.get('theme') ?? 'light') as 'light' | 'dark' | 'vscode';

const client = new FakeBridgeClient()
  .on('profiles.list', () => ({
    profiles: [
      { id: 'p1', name: 'Production (orders)', host: 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com', port: 5432, database: 'orders', user: 'app_ro', authType: 'awsIam', scope: 'user', groupId: 'g1', hasPassword: false },
      { id: 'p2', name: 'Staging', host: 'staging-db.internal', port: 5433, database: 'app', user: 'app', authType: 'password', scope: 'workspace', groupId: 'g2', hasPassword: true },
      { id: 'p3', name: 'Local', host: 'localhost', database: 'dev', user: 'postgres', authType: 'password', scope: 'user', hasPassword: true },
    ],
  }))
  .on('recent.list', () => ({
    entries: [
      { id: 'r1', lastUsedAt: new Date().toISOString(), profile: createProfile({ hosts: [{ host: 'analytics.neon.tech' }], database: 'warehouse', auth: { type: 'password', user: 'analyst', savePassword: false } }) },
      { id: 'r2', lastUsedAt: new Date().toISOString(), profile: createProfile({ hosts: [{ host: '127.0.0.1', port: 5499 }], auth: { type: 'password', user: 'postgres', savePassword: false } }) },
    ],
  }))
  .on('connection.test', async (p, fake) => {
    const report = state === 'failure' ? failureReport(p.testId) : successReport(p.testId);
    for (const stage of report.stages) fake.push('event.test.stage', { ...stage, testId: p.testId });
    return report;
  })
  .on('databases.list', () => ({ databases: [] }));

if (theme === 'vscode') {
  document.body.classList.add('vscode-dark');
  const vars: Record<string, string> = {
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-sideBar-background': '#181818',
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-widget-border': '#313131',
    '--vscode-input-background': '#313131',
    '--vscode-input-border': '#3c3c3c',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-errorForeground': '#f85149',
    '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'Consolas, "Courier New", monospace',
  };
  for (const [k, v] of Object.entries(vars)) document.body.style.setProperty(k, v);
  document.body.style.background = '#1f1f1f';
} else {
  document.body.style.background = theme === 'dark' ? '#0d0f12' : '#e9ecf1';
}

const dialog = document.createElement('pg-connection-dialog') as PgConnectionDialog;
dialog.theme = theme;
dialog.client = client;
dialog.groups = [
  { id: 'g1', name: 'Production', color: '#d1242f' },
  { id: 'g2', name: 'Staging', color: '#c9820a' },
];
if (state !== 'parameters' && state !== 'string') {
  dialog.profile = createProfile({
    name: 'Orders primary',
    hosts: [{ host: 'db.example.com', port: 5432 }],
    database: 'app',
    auth: { type: 'password', user: 'app_user', savePassword: true },
  });
  dialog.hasPassword = true;
}
document.body.append(dialog);
dialog.open = true;

const root = () => dialog.shadowRoot!;
const settle = () => new Promise((r) => setTimeout(r, 120));

/** Scrolls the dialog's body (not the dialog) so `target` sits `offset` pixels below its top. */
function scrollBodyTo(target: Element, offset: number): void {
  const body = root().querySelector<HTMLElement>('.body')!;
  body.scrollTop += target.getBoundingClientRect().top - body.getBoundingClientRect().top - offset;
}

async function setUp(): Promise<void> {
  await dialog.updateComplete;
  await settle();
  if (state === 'string') {
    root().querySelector<HTMLButtonElement>('#tab-connectionString')!.click();
    await settle();
    const area = root().querySelector<HTMLTextAreaElement>('#connection-string')!;
    area.value = 'postgresql://app_user@orders.cluster-c8x1.eu-west-1.rds.amazonaws.com:5432/orders?sslmode=verify-full&application_name=billing';
    area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle();
  }
  if (state === 'string-error') {
    root().querySelector<HTMLButtonElement>('#tab-connectionString')!.click();
    await settle();
    const area = root().querySelector<HTMLTextAreaElement>('#connection-string')!;
    area.value = "host=db.example.com port=5432 dbname=app user=alice sslmode='verify-full";
    area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle();
  }
  if (state === 'advanced') {
    root().querySelector<HTMLButtonElement>('.advanced-toggle')!.click();
    await settle();
    const ssl = [...root().querySelectorAll('details')].find((d) => d.textContent!.includes('SSL'))!;
    ssl.open = true;
    await settle();
    scrollBodyTo(ssl, 120);
  }
  if (state === 'success' || state === 'failure') {
    root().querySelector<HTMLButtonElement>('.test-button')!.click();
    await settle();
    await settle();
    scrollBodyTo(root().querySelector('.test')!, 16);
  }
  (document.activeElement as HTMLElement | null)?.blur();
  document.body.dataset.ready = 'true';
}

void setUp();
