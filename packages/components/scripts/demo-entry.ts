/**
 * The page the screenshot script renders: the dialog with a fake bridge, put into the state named by the URL
 * (`?state=parameters|string|advanced|success|failure&theme=light|dark|vscode`). The states in `FROM_STORIES`
 * are the dialog's stories, rendered and played as Storybook does.
 */
import '../src/index.js';
import type { PgConnectionDialog } from '../src/index.js';
import { FakeBridgeClient, failureReport, sampleGroups, sampleRecent, sampleSaved, successReport } from '../src/test-support/fixtures.js';
import { createProfile } from '@pgconnect/core';
import { render } from 'lit';
import { applyPageTheme } from '../src/test-support/page-theme.js';
import * as dialogStories from '../src/connection-dialog/pg-connection-dialog.stories.js';

const params = new URLSearchParams(location.search);
const state = params.get('state') ?? 'parameters';
const theme = (params.get('theme') ?? 'light') as 'light' | 'dark' | 'vscode';

const client = new FakeBridgeClient()
  .on('profiles.list', () => ({ profiles: sampleSaved }))
  .on('recent.list', () => ({ entries: sampleRecent() }))
  .on('secrets.status', () => ({ kind: 'keychain' as const }))
  .on('connection.test', async (p, fake) => {
    const report = state === 'failure' ? failureReport(p.testId) : successReport(p.testId);
    for (const stage of report.stages) fake.push('event.test.stage', { ...stage, testId: p.testId });
    return report;
  })
  .on('databases.list', () => ({ databases: [] }));

applyPageTheme(theme);

const FROM_STORIES = {
  testing: 'Testing',
  'host-key': 'HostKeyPrompt',
  'host-key-changed': 'HostKeyChanged',
  'device-code': 'DeviceCode',
  'connection-lost': 'ConnectionLost',
} as const;
const storyName = FROM_STORIES[state as keyof typeof FROM_STORIES] as (typeof FROM_STORIES)[keyof typeof FROM_STORIES] | undefined;

const dialog = document.createElement('pg-connection-dialog') as PgConnectionDialog;
dialog.theme = theme;
dialog.client = client;
dialog.groups = sampleGroups;
if (state !== 'parameters' && state !== 'string') {
  dialog.profile = createProfile({
    name: 'Orders primary',
    hosts: [{ host: 'db.example.com', port: 5432 }],
    database: 'app',
    auth: { type: 'password', user: 'app_user', savePassword: true },
  });
  dialog.hasPassword = true;
}
if (!storyName) {
  document.body.append(dialog);
  dialog.open = true;
}

const root = () => dialog.shadowRoot!;
const settle = () => new Promise((r) => setTimeout(r, 120));

/** Scrolls the dialog's body (not the dialog) so `target` sits `offset` pixels below its top. */
function scrollBodyTo(target: Element, offset: number, host: PgConnectionDialog = dialog): void {
  const body = host.shadowRoot!.querySelector<HTMLElement>('.body')!;
  body.scrollTop += target.getBoundingClientRect().top - body.getBoundingClientRect().top - offset;
}

async function playStory(name: NonNullable<typeof storyName>): Promise<void> {
  const meta = dialogStories.default;
  const story = dialogStories[name];
  const args = { ...meta.args, ...story.args } as Parameters<typeof meta.render>[0];
  const canvas = document.createElement('div');
  document.body.append(canvas);
  render(meta.render(args), canvas);
  canvas.querySelector('pg-connection-dialog')!.theme = theme;
  await story.play?.({ canvasElement: canvas, args });
  await settle();
  const shown = canvas.querySelector('pg-connection-dialog')!;
  const changed = shown.shadowRoot!.querySelector('[part="host-key-changed"]');
  if (changed) scrollBodyTo(changed, 260, shown);
  (document.activeElement as HTMLElement | null)?.blur();
  document.body.dataset.ready = 'true';
}

async function setUp(): Promise<void> {
  if (storyName) return playStory(storyName);
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
