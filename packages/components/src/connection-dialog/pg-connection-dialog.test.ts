import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { createProfile } from '@pgconnect/core/profile/defaults.js';
import './pg-connection-dialog.js';
import type { PgConnectionDialog } from './pg-connection-dialog.js';
import type { PgAuthSettings } from '../auth-settings/pg-auth-settings.js';
import type { PgSaveRequestEvent } from '../events/pg-save-request.js';
import type { PgTestRequestEvent } from '../events/pg-test-request.js';
import type { RequestParams } from '../client/protocol.js';
import type { ConnectionProfile } from '../internal/core.js';
import { FakeBridgeClient, SAMPLE_FINGERPRINT, SAMPLE_OTHER_FINGERPRINT, deep, failureReport, hostKeyChangedReport, provideClient, successReport } from '../test-support/fixtures.js';

const $ = <T extends HTMLElement = HTMLElement>(el: PgConnectionDialog, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

function commit(input: HTMLInputElement): void {
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function openDialog(client?: FakeBridgeClient, extra: Partial<PgConnectionDialog> = {}): Promise<PgConnectionDialog> {
  const el = await fixture<PgConnectionDialog>(html`<pg-connection-dialog .client=${client} .saved=${[]} .recent=${[]} open></pg-connection-dialog>`);
  Object.assign(el, extra);
  await el.updateComplete;
  return el;
}

async function fillValid(el: PgConnectionDialog): Promise<void> {
  type($<HTMLInputElement>(el, '#server'), 'db.example.com');
  await el.updateComplete;
  type(deep<HTMLInputElement>(el, 'pg-auth-settings', '#user'), 'alice');
  await el.updateComplete;
  type(deep<HTMLInputElement>(el, 'pg-auth-settings', '#password'), 's3cret');
  await el.updateComplete;
}

/**
 * Resolves once every microtask queued so far has run (a task turn through a message port, not a wait for time):
 * whatever a click or a bridge answer set going without I/O of its own has finished by then.
 */
function nextTask(): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = () => resolve();
    port2.postMessage(null);
  });
}

/** A bridge whose tests run until `finish()` ends the latest one with a success; cancels are accepted. */
function pendingTestClient(): { client: FakeBridgeClient; finish: () => void } {
  let finish: () => void = () => undefined;
  const client = new FakeBridgeClient()
    .on('connection.test', (p) => new Promise((resolve) => (finish = () => resolve(successReport(p.testId)))))
    .on('connection.test.cancel', () => ({ cancelled: true }))
    .on('databases.list', () => ({ databases: [] }));
  return { client, finish: () => finish() };
}

/** Opens the dialog on `client`, fills it in and clicks Test Connection; resolves once the test shows as running. */
async function startTest(client: FakeBridgeClient): Promise<PgConnectionDialog> {
  const el = await openDialog(client);
  await fillValid(el);
  $<HTMLButtonElement>(el, '.test-button').click();
  await waitUntil(() => el.shadowRoot!.querySelector('.test.running'));
  return el;
}

function clickStopTest(el: PgConnectionDialog): void {
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.footer button')].find((b) => b.textContent!.trim() === 'Stop test')!.click();
}

function testClient(report = successReport): FakeBridgeClient {
  return new FakeBridgeClient()
    .on('connection.test', (p, fake) => {
      for (const stage of report(p.testId).stages) fake.push('event.test.stage', { ...stage, testId: p.testId });
      return report(p.testId);
    })
    .on('databases.list', () => ({ databases: [{ name: 'app', owner: 'alice', isTemplate: false, allowConnections: true, canConnect: true }, { name: 'template1', owner: 'postgres', isTemplate: true, allowConnections: true, canConnect: true }] }));
}

describe('<pg-connection-dialog>', () => {
  describe('opening and closing', () => {
    it('opens as a modal native dialog titled New Connection, with focus in Server name', async () => {
      const el = await openDialog();
      const dialog = $<HTMLDialogElement>(el, 'dialog');
      expect(dialog.open).to.equal(true);
      expect(dialog.matches(':modal')).to.equal(true);
      expect($(el, '#eyebrow').textContent).to.equal('New Connection');
      expect($(el, '#title').textContent).to.equal('Connect to PostgreSQL Server');
      await waitUntil(() => el.shadowRoot!.activeElement?.id === 'server');
    });

    it('has no accessibility violations', async () => {
      const el = await openDialog();
      await expect(el).to.be.accessible();
    });

    it('adds no page landmarks: its header and footer are not banner and contentinfo, and keep their parts', async () => {
      const page = await fixture<HTMLDivElement>(html`<div><header>Page header</header><pg-connection-dialog .saved=${[]} .recent=${[]} open></pg-connection-dialog><footer>Page footer</footer></div>`);
      const el = page.querySelector('pg-connection-dialog')!;
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('header, footer, [role="banner"], [role="contentinfo"]')).to.have.length(0);
      expect($(el, '[part="header"]').querySelector('#title')).not.to.equal(null);
      expect($(el, '[part="footer"]').querySelector('.test-button')).not.to.equal(null);
      await expect(page).to.be.accessible();
    });

    it('shows Edit Connection and the profile name when a profile is given', async () => {
      const el = await openDialog(undefined, { profile: createProfile({ name: 'Orders primary', hosts: [{ host: 'db.example.com' }] }) });
      expect($(el, '#eyebrow').textContent).to.equal('Edit Connection');
      expect($(el, '#title').textContent).to.equal('Orders primary');
      expect($<HTMLInputElement>(el, '#server').value).to.equal('db.example.com');
    });

    it('asks before closing on Escape, and stays open when the request is cancelled', async () => {
      const el = await openDialog();
      el.addEventListener('pg-close-request', (e) => e.preventDefault(), { once: true });
      const request = oneEvent(el, 'pg-close-request');
      $<HTMLInputElement>(el, '#server').focus();
      await sendKeys({ press: 'Escape' });
      expect((await request).detail.source).to.equal('keyboard');
      expect(el.open).to.equal(true);
      expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    });

    it('closes from the close button and gives focus back to the button that opened it', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div><button id="opener">New connection</button><pg-connection-dialog .saved=${[]} .recent=${[]}></pg-connection-dialog></div>`);
      const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
      const el = wrapper.querySelector('pg-connection-dialog')!;
      opener.focus();
      el.open = true;
      await el.updateComplete;
      const request = oneEvent(el, 'pg-close-request');
      $<HTMLButtonElement>(el, '.close').click();
      expect((await request).detail.source).to.equal('close-button');
      await el.updateComplete;
      expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
      await waitUntil(() => document.activeElement === opener);
    });

    it('emits nothing when opened or given a profile from code', async () => {
      const events: string[] = [];
      const el = await fixture<PgConnectionDialog>(html`<pg-connection-dialog .saved=${[]} .recent=${[]}></pg-connection-dialog>`);
      for (const name of ['pg-test-request', 'pg-save-request', 'pg-close-request', 'pg-error', 'pg-profile-select']) el.addEventListener(name, () => events.push(name));
      el.profile = createProfile({ hosts: [{ host: 'x.example.com' }] });
      el.open = true;
      await el.updateComplete;
      el.open = false;
      await el.updateComplete;
      expect(events).to.deep.equal([]);
    });
  });

  describe('Connect via tabs', () => {
    it('is a tablist whose arrow keys, Home and End move selection and focus', async () => {
      const el = await openDialog();
      const tabs = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="tab"]')];
      expect(tabs.map((t) => t.textContent!.trim())).to.deep.equal(['Parameters', 'Connection String', 'Browse Azure', 'Environment Variable']);
      expect(tabs.map((t) => t.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1', '-1']);
      tabs[0]!.focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement?.id).to.equal('tab-connectionString');
      expect($(el, '#tab-connectionString').getAttribute('aria-selected')).to.equal('true');
      expect($(el, '[role="tabpanel"]').getAttribute('aria-labelledby')).to.equal('tab-connectionString');
      await sendKeys({ press: 'End' });
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement?.id).to.equal('tab-envVar');
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement?.id).to.equal('tab-parameters');
      await sendKeys({ press: 'ArrowLeft' });
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement?.id).to.equal('tab-parameters');
    });
  });

  describe('Parameters', () => {
    it('puts Port next to Server name and splits host:port typed into Server name', async () => {
      const el = await openDialog();
      const server = $<HTMLInputElement>(el, '#server');
      expect(server.closest('.server-row')!.contains($(el, '#port'))).to.equal(true);
      type(server, 'db.example.com:6543');
      commit(server);
      await el.updateComplete;
      expect(server.value).to.equal('db.example.com');
      expect($<HTMLInputElement>(el, '#port').value).to.equal('6543');
    });

    it('keeps a bare IPv6 address whole and splits a bracketed one', async () => {
      const el = await openDialog();
      const server = $<HTMLInputElement>(el, '#server');
      type(server, '::1');
      commit(server);
      await el.updateComplete;
      expect(server.value).to.equal('::1');
      type(server, '[::1]:5433');
      commit(server);
      await el.updateComplete;
      expect(server.value).to.equal('::1');
      expect($<HTMLInputElement>(el, '#port').value).to.equal('5433');
    });

    it('recognises a managed provider from the host and applies its preset', async () => {
      const el = await openDialog();
      type($<HTMLInputElement>(el, '#server'), 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com');
      await el.updateComplete;
      const banner = $(el, '[part="provider"]');
      expect(banner.textContent).to.match(/Amazon|RDS|Aurora/);
      type($<HTMLInputElement>(el, '#port'), '6000');
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part="provider"] button').click();
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#port').value).to.equal('5432');
    });

    it('shows the fields of each authentication type and infers the AWS region from the host', async () => {
      const el = await openDialog();
      type($<HTMLInputElement>(el, '#server'), 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com');
      await el.updateComplete;
      const auth = $<PgAuthSettings>(el, 'pg-auth-settings');
      const select = deep<HTMLSelectElement>(el, 'pg-auth-settings', '#type');
      const ids = () => [...auth.shadowRoot!.querySelectorAll('input, select')].map((c) => c.id).filter(Boolean);

      expect(ids()).to.deep.equal(['type', 'user', 'password', 'savePassword']);
      for (const [value, expected] of [
        ['entra', ['type', 'account', 'tenant', 'user']],
        ['awsIam', ['type', 'user', 'profile', 'region']],
        ['none', ['type', 'user']],
      ] as const) {
        select.value = value;
        select.dispatchEvent(new Event('change'));
        await el.updateComplete;
        await auth.updateComplete;
        expect(ids(), value).to.deep.equal(expected);
      }
      select.value = 'awsIam';
      select.dispatchEvent(new Event('change'));
      await auth.updateComplete;
      expect(deep<HTMLInputElement>(el, 'pg-auth-settings', '#region').placeholder).to.contain('eu-west-1');
    });

    it('starts remote servers at verify-full with the system trust store, local ones at prefer', async () => {
      const el = await openDialog();
      const requests: PgTestRequestEvent[] = [];
      el.addEventListener('pg-test-request', (e) => {
        e.preventDefault();
        requests.push(e);
      });
      await fillValid(el);
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => requests.length === 1);
      expect(requests[0]!.detail.profile.ssl).to.deep.include({ sslmode: 'verify-full', rootCert: 'system' });
      el.profile = createProfile();
      await el.updateComplete;
      type($<HTMLInputElement>(el, '#server'), 'localhost');
      type(deep<HTMLInputElement>(el, 'pg-auth-settings', '#user'), 'alice');
      await el.updateComplete;
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => requests.length === 2);
      expect(requests[1]!.detail.profile.ssl.sslmode).to.equal('prefer');
    });
  });

  describe('validation', () => {
    it('shows no errors before interaction', async () => {
      const el = await openDialog();
      expect(el.shadowRoot!.querySelectorAll('[role="alert"]').length).to.equal(0);
      expect($(el, '#server').getAttribute('aria-invalid')).to.equal('false');
    });

    it('shows a field error after it was edited and left', async () => {
      const el = await openDialog();
      const port = $<HTMLInputElement>(el, '#port');
      port.focus();
      type(port, '70000');
      $<HTMLInputElement>(el, '#server').focus();
      await el.updateComplete;
      expect(port.getAttribute('aria-invalid')).to.equal('true');
      const message = el.shadowRoot!.getElementById(port.getAttribute('aria-describedby')!.split(' ').pop()!)!;
      expect(message.textContent).to.contain('between 1 and 65535');
      expect(message.querySelector('[role="alert"]')).not.to.equal(null);
    });

    it('blocks Test Connection, shows every error and focuses the first one', async () => {
      const el = await openDialog(testClient());
      let requested = false;
      el.addEventListener('pg-test-request', () => (requested = true));
      $<HTMLButtonElement>(el, '.test-button').click();
      await aTimeout(0);
      await el.updateComplete;
      expect(requested).to.equal(false);
      expect($(el, '#server').getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement?.id).to.equal('server');
      const auth = $<PgAuthSettings>(el, 'pg-auth-settings');
      expect(auth.shadowRoot!.querySelector('#user')!.getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('requires USER_DEFINED_ for the environment-variable mode', async () => {
      const el = await openDialog();
      $<HTMLButtonElement>(el, '#tab-envVar').click();
      await el.updateComplete;
      const input = $<HTMLInputElement>(el, '#env-var');
      input.focus();
      type(input, 'DATABASE_URL');
      $<HTMLInputElement>(el, '#name').focus();
      await el.updateComplete;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#env-var-issues').textContent).to.contain('USER_DEFINED_');
    });
  });

  describe('Test Connection', () => {
    it('streams the stages, then shows the check, the server facts and the privileges', async () => {
      const client = testClient();
      const el = await openDialog(client);
      await fillValid(el);
      const request = oneEvent(el, 'pg-test-request');
      $<HTMLButtonElement>(el, '.test-button').click();
      const event = await request;
      expect(event.cancelable).to.equal(true);
      expect(event.detail.secrets.password).to.equal('s3cret');
      await waitUntil(() => el.shadowRoot!.querySelector('.test.ok'));
      const stages = [...el.shadowRoot!.querySelectorAll('.stage')].map((s) => s.querySelector('.stage-name')!.textContent!.split(':')[0]!.trim());
      expect(stages).to.deep.equal(['Resolve host name', 'Open TCP connection', 'TLS handshake', 'Authenticate', 'Session ready', 'Server facts', 'Check privileges']);
      expect($(el, '.test-head').textContent).to.contain('Connection succeeded');
      expect($(el, '.test-button .ok-icon')).not.to.equal(null);
      await customElements.whenDefined('pg-permissions-view');
      expect($(el, 'pg-permissions-view')).not.to.equal(null);
      const params = client.requestsOf('connection.test')[0] as RequestParams<'connection.test'>;
      expect(params.privileges).to.equal(true);
      await waitUntil(() => el.shadowRoot!.querySelectorAll('#database-list option').length === 1);
      await expect(el).to.be.accessible();
    });

    it('keeps the focus on Test Connection while it runs and after, ignores clicks meanwhile, and announces politely', async () => {
      let finish: () => void = () => undefined;
      const client = new FakeBridgeClient().on('connection.test', (p) => new Promise((resolve) => (finish = () => resolve(successReport(p.testId))))).on('databases.list', () => ({ databases: [] }));
      const el = await openDialog(client);
      await fillValid(el);
      const button = $<HTMLButtonElement>(el, '.test-button');
      button.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.shadowRoot!.querySelector('.test.running'));
      expect(button.disabled).to.equal(false);
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal(button);
      await sendKeys({ press: 'Enter' });
      button.click();
      await el.updateComplete;
      expect(client.requestsOf('connection.test')).to.have.length(1);
      await expect(el).to.be.accessible();
      finish();
      await waitUntil(() => el.shadowRoot!.querySelector('.test.ok'));
      expect(button.getAttribute('aria-disabled')).to.equal('false');
      expect(el.shadowRoot!.activeElement).to.equal(button);
      const status = $(el, '[role="status"][aria-live="polite"]');
      await waitUntil(() => status.textContent!.includes('Connection succeeded'));
    });

    it('scrolls the result into view below the open Advanced drawer, at once with reduced motion', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      try {
        const el = await openDialog(testClient());
        await fillValid(el);
        $<HTMLButtonElement>(el, '.advanced-toggle').click();
        await el.updateComplete;
        const body = $(el, '.body');
        const calls: (ScrollIntoViewOptions | boolean | undefined)[] = [];
        const section = () => el.shadowRoot!.querySelector<HTMLElement>('[part="test-result"]');
        const original = HTMLElement.prototype.scrollIntoView;
        HTMLElement.prototype.scrollIntoView = function (this: HTMLElement, arg?: ScrollIntoViewOptions | boolean) {
          if (this === section()) calls.push(arg);
          original.call(this, arg);
        };
        try {
          $<HTMLButtonElement>(el, '.test-button').click();
          await waitUntil(() => el.shadowRoot!.querySelector('.test.ok'));
          await el.updateComplete;
        } finally {
          HTMLElement.prototype.scrollIntoView = original;
        }
        expect(calls.length).to.be.greaterThan(0);
        expect(calls.every((c) => typeof c === 'object' && c.behavior === 'auto')).to.equal(true);
        const head = $(el, '#test-title').getBoundingClientRect();
        const view = body.getBoundingClientRect();
        expect(head.top).to.be.at.least(view.top - 1);
        expect(head.bottom).to.be.at.most(view.bottom + 1);
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });

    it('shows the failed stage, the warning and the hint in an alert', async () => {
      const el = await openDialog(testClient(failureReport));
      await fillValid(el);
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => el.shadowRoot!.querySelector('.test.failed'));
      await expect(el).to.be.accessible();
      expect($(el, '.stage.failed').textContent).to.contain('TLS handshake');
      const alert = $(el, '.test [role="alert"]');
      expect(alert.textContent).to.contain('Root certificate');
      expect($(el, '.test-button .warn-icon')).not.to.equal(null);
      alert.querySelector<HTMLButtonElement>('button')!.click();
      await el.updateComplete;
      expect($(el, 'details[data-section="ssl"]').hasAttribute('open')).to.equal(true);
    });

    it('leaves the test to the host when it cancels pg-test-request', async () => {
      const client = testClient();
      const el = await openDialog(client);
      await fillValid(el);
      el.addEventListener('pg-test-request', (e) => e.preventDefault());
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => el.shadowRoot!.querySelector('.test.running'));
      expect(client.requestsOf('connection.test')).to.have.length(0);
      el.showTestStage({ stage: 'dns', status: 'ok', ms: 2 });
      el.showTestStage({ stage: 'tcp', status: 'running', ms: 0 });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('.stage')).to.have.length(2);
      el.showTestResult(failureReport('host'));
      await el.updateComplete;
      expect($(el, '.test.failed')).not.to.equal(null);
    });

    it('shows only the stages of the test it runs, not those still arriving from a stopped one', async () => {
      const { client } = pendingTestClient();
      const el = await startTest(client);
      const stopped = (client.requestsOf('connection.test')[0] as RequestParams<'connection.test'>).testId;
      clickStopTest(el);
      await el.updateComplete;
      expect(client.requestsOf('connection.test.cancel')).to.deep.equal([{ testId: stopped }]);
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => client.requestsOf('connection.test').length === 2);
      const running = (client.requestsOf('connection.test')[1] as RequestParams<'connection.test'>).testId;
      client.push('event.test.stage', { testId: stopped, stage: 'dns', status: 'ok', ms: 3 });
      client.push('event.test.stage', { testId: running, stage: 'tcp', status: 'running', ms: 0 });
      await el.updateComplete;
      const stages = [...el.shadowRoot!.querySelectorAll('.stage .stage-name')].map((s) => s.textContent!.split(':')[0]!.trim());
      expect(stages).to.deep.equal(['Open TCP connection']);
    });

    it('stops a running test on the bridge when the page closes the dialog by setting open', async () => {
      const { client } = pendingTestClient();
      const el = await startTest(client);
      const { testId } = client.requestsOf('connection.test')[0] as RequestParams<'connection.test'>;
      el.open = false;
      await el.updateComplete;
      expect(client.requestsOf('connection.test.cancel')).to.deep.equal([{ testId }]);
      expect(el.shadowRoot!.querySelector('.test.running')).to.equal(null);
    });

    it('stops a running test on the bridge when another connection is loaded', async () => {
      const { client } = pendingTestClient();
      const el = await startTest(client);
      const { testId } = client.requestsOf('connection.test')[0] as RequestParams<'connection.test'>;
      el.profile = createProfile({ name: 'Staging', hosts: [{ host: 'staging.example.com', port: 5432 }] });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="test-result"]')).to.equal(null);
      expect(client.requestsOf('connection.test.cancel')).to.deep.equal([{ testId }]);
    });

    it('lists no databases for a connection loaded while the test of another was running, when that test connects', async () => {
      const { client, finish } = pendingTestClient();
      const el = await startTest(client);
      el.profile = createProfile({ name: 'Staging', hosts: [{ host: 'staging.example.com', port: 5432 }] });
      await el.updateComplete;
      finish();
      await nextTask();
      expect(client.requestsOf('databases.list')).to.deep.equal([]);
    });

    it('still lists the databases when a test stopped with Stop test connects after all', async () => {
      const { client, finish } = pendingTestClient();
      const el = await startTest(client);
      clickStopTest(el);
      await el.updateComplete;
      finish();
      await waitUntil(() => client.requestsOf('databases.list').length === 1);
      expect((client.requestsOf('databases.list')[0] as RequestParams<'databases.list'>).profile?.hosts[0]?.host).to.equal('db.example.com');
    });

    it('tests only the connection it checked: an edit made while the check waits for the validator drops that click', async () => {
      const client = testClient();
      const el = await openDialog(client);
      await fillValid(el);
      const requests: PgTestRequestEvent[] = [];
      el.addEventListener('pg-test-request', (e) => requests.push(e));
      $<HTMLButtonElement>(el, '.test-button').click();
      // The click's check is waiting for the validator (loading, or loaded and awaited all the same).
      type($<HTMLInputElement>(el, '#server'), '');
      await el.updateComplete;
      await nextTask();
      expect(requests).to.deep.equal([]);
      expect(client.requestsOf('connection.test')).to.deep.equal([]);
    });

    it('reports a bridge error as a visible failure and a pg-error event', async () => {
      const client = new FakeBridgeClient().on('connection.test', () => {
        throw new Error('socket hang up');
      });
      const el = await openDialog(client);
      await fillValid(el);
      const error = oneEvent(el, 'pg-error');
      $<HTMLButtonElement>(el, '.test-button').click();
      expect((await error).detail.message).to.equal('socket hang up');
      await el.updateComplete;
      expect($(el, '.test.failed [role="alert"]').textContent).to.contain('socket hang up');
    });
  });

  describe('Save & Connect', () => {
    it('asks to save, then to connect, and closes once the bridge has connected', async () => {
      const client = new FakeBridgeClient()
        .on('profiles.save', (p) => ({ profile: p.profile, secrets: { hasPassword: true } }))
        .on('connection.open', () => ({ connectionId: 'c1', readOnly: false, server: { version: '17.2', inRecovery: false, user: 'alice', database: 'app', host: 'db.example.com', port: 5432 } }));
      const el = await openDialog(client);
      await fillValid(el);
      const order: string[] = [];
      for (const name of ['pg-save-request', 'pg-connect-request', 'pg-connected'] as const) el.addEventListener(name, () => order.push(name));
      const connected = oneEvent(el, 'pg-connected');
      $<HTMLButtonElement>(el, '[part="primary-button"]').click();
      expect((await connected).detail.connectionId).to.equal('c1');
      expect(order).to.deep.equal(['pg-save-request', 'pg-connect-request', 'pg-connected']);
      expect(client.requests.map((r) => r.type).filter((t) => t !== 'groups.list' && t !== 'secrets.status')).to.deep.equal(['profiles.save', 'connection.open']);
      expect((client.requestsOf('profiles.save')[0] as RequestParams<'profiles.save'>).secrets).to.deep.equal({ password: 's3cret' });
      await el.updateComplete;
      expect(el.open).to.equal(false);
    });

    it('saves nothing when the dialog is closed while the check waits for the validator', async () => {
      const client = new FakeBridgeClient().on('profiles.save', (p) => ({ profile: p.profile, secrets: { hasPassword: true } }));
      const el = await openDialog(client);
      await fillValid(el);
      const saves: PgSaveRequestEvent[] = [];
      el.addEventListener('pg-save-request', (e) => saves.push(e));
      $<HTMLButtonElement>(el, '[part="primary-button"]').click();
      el.close();
      await el.updateComplete;
      await nextTask();
      expect(saves).to.deep.equal([]);
      expect(client.requestsOf('profiles.save')).to.deep.equal([]);
    });

    it('lets the host save and connect by cancelling the requests', async () => {
      const client = new FakeBridgeClient();
      const el = await openDialog(client);
      await fillValid(el);
      el.addEventListener('pg-save-request', (e) => e.preventDefault());
      el.addEventListener('pg-connect-request', (e) => e.preventDefault());
      const saved = oneEvent(el, 'pg-connect-request');
      $<HTMLButtonElement>(el, '[part="primary-button"]').click();
      await saved;
      expect(client.requests.filter((r) => r.type !== 'groups.list' && r.type !== 'secrets.status')).to.have.length(0);
      expect(el.open).to.equal(true);
    });

    it('is reachable with the keyboard alone: type, then Enter submits', async () => {
      const el = await openDialog();
      el.addEventListener('pg-save-request', (e) => e.preventDefault());
      el.addEventListener('pg-connect-request', (e) => e.preventDefault());
      await waitUntil(() => el.shadowRoot!.activeElement?.id === 'server');
      await sendKeys({ type: 'db.example.com' });
      await sendKeys({ press: 'Tab' }); // Port
      await sendKeys({ press: 'Tab' }); // Authentication type
      await sendKeys({ press: 'Tab' }); // User name
      await sendKeys({ type: 'alice' });
      const save = oneEvent(el, 'pg-save-request') as Promise<PgSaveRequestEvent>;
      await sendKeys({ press: 'Enter' });
      const { profile } = (await save).detail;
      expect(profile.hosts[0]!.host).to.equal('db.example.com');
      expect(profile.auth).to.deep.include({ type: 'password', user: 'alice' });
    });

    it('does not submit a native form it is placed in', async () => {
      let submitted = false;
      const form = await fixture<HTMLFormElement>(html`<form @submit=${(e: Event) => { submitted = true; e.preventDefault(); }}><pg-connection-dialog .saved=${[]} .recent=${[]} open></pg-connection-dialog></form>`);
      const el = form.querySelector('pg-connection-dialog')!;
      await el.updateComplete;
      el.addEventListener('pg-save-request', (e) => e.preventDefault());
      el.addEventListener('pg-connect-request', (e) => e.preventDefault());
      await fillValid(el);
      $<HTMLButtonElement>(el, '[part="primary-button"]').click();
      await aTimeout(0);
      expect(submitted).to.equal(false);
    });
  });

  describe('Connection String', () => {
    async function openString(client?: FakeBridgeClient): Promise<{ el: PgConnectionDialog; area: HTMLTextAreaElement }> {
      const el = await openDialog(client);
      $<HTMLButtonElement>(el, '#tab-connectionString').click();
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('#connection-string')?.disabled === false);
      return { el, area: $<HTMLTextAreaElement>(el, '#connection-string') };
    }

    it('parses while typing and shows the Connection Details read-only', async () => {
      const { el, area } = await openString();
      type(area, 'postgresql://alice@db.example.com:6432/app?sslmode=require&application_name=billing');
      await el.updateComplete;
      const details = $(el, '.details').textContent!;
      expect(details).to.contain('db.example.com:6432');
      expect(details).to.contain('alice');
      expect(details).to.contain('app');
      expect(details).to.contain('require');
      expect(details).to.contain('application_name');
      expect(el.shadowRoot!.querySelectorAll('.details input')).to.have.length(0);
      expect($(el, '.label-row .badge').textContent).to.equal('PostgreSQL URI');
    });

    it('reads the other formats people paste', async () => {
      const { el, area } = await openString();
      for (const [text, host] of [
        ['jdbc:postgresql://jdbc.example.com:5432/app?user=alice', 'jdbc.example.com'],
        ['psql -h psql.example.com -U alice -d app', 'psql.example.com'],
        ['host=kv.example.com dbname=app user=alice', 'kv.example.com'],
      ]) {
        type(area, text!);
        await el.updateComplete;
        expect($(el, '.details').textContent, text).to.contain(host);
      }
    });

    it('points at the position of a parse error', async () => {
      const { el, area } = await openString();
      type(area, "host=db.example.com sslmode='verify-full");
      await el.updateComplete;
      const error = $(el, '#cs-error');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.match(/at character \d+/);
      expect(area.getAttribute('aria-invalid')).to.equal('true');
      expect(area.getAttribute('aria-describedby')).to.contain('cs-error');
      expect(error.querySelector('mark')).not.to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('shows only the parse error, not the missing server and user that follow from it', async () => {
      const { el, area } = await openString();
      type(area, 'host=localhost port');
      await el.updateComplete;
      expect($(el, '#cs-error').textContent).to.match(/at character \d+/);
      expect(el.shadowRoot!.querySelector('#cs-issues')).to.equal(null);
      expect(el.shadowRoot!.querySelectorAll('.cs-grid .message.error')).to.have.length(1);
      expect(area.getAttribute('aria-describedby')).not.to.contain('cs-issues');
      // A string that reads but lacks the user still says so.
      type(area, 'postgresql://db.example.com/app');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('#cs-error')).to.equal(null);
      expect($(el, '#cs-issues').textContent).to.match(/user name/i);
    });

    it('ties the recognised format to the text area', async () => {
      const { el, area } = await openString();
      type(area, 'postgresql://alice@db.example.com/app');
      await el.updateComplete;
      expect(area.getAttribute('aria-describedby')!.split(' ')).to.include('cs-format');
      expect($(el, '#cs-format').textContent).to.equal('PostgreSQL URI');
    });

    it('moves a password found in the string to the Password field', async () => {
      const { el, area } = await openString();
      type(area, 'postgresql://alice:hunter2@db.example.com/app');
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#cs-password').value).to.equal('hunter2');
      expect($(el, '.warnings').textContent).to.contain('password');
    });

    it('syncs both ways with the Parameters fields', async () => {
      const { el, area } = await openString();
      type(area, 'postgresql://alice@db.example.com:6432/app');
      await el.updateComplete;
      $<HTMLButtonElement>(el, '#tab-parameters').click();
      await el.updateComplete;
      expect($<HTMLInputElement>(el, '#server').value).to.equal('db.example.com');
      expect($<HTMLInputElement>(el, '#port').value).to.equal('6432');
      type($<HTMLInputElement>(el, '#database'), 'reports');
      await el.updateComplete;
      $<HTMLButtonElement>(el, '#tab-connectionString').click();
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLTextAreaElement>('#connection-string')?.value.includes('reports'));
      expect($<HTMLTextAreaElement>(el, '#connection-string').value).to.match(/^postgres(ql)?:\/\/alice@db\.example\.com:6432\/reports/);
    });

    it('copies as every format, with the password only when asked', async () => {
      const { el, area } = await openString();
      type(area, 'postgresql://alice:hunter2@db.example.com:6432/app');
      await el.updateComplete;
      const select = $<HTMLSelectElement>(el, '#copy-format');
      const formats = [...select.options].map((o) => o.value);
      expect(formats).to.deep.equal(['uri', 'keyValue', 'jdbc', 'npgsql', 'psql', 'env', 'pgpass']);
      for (const format of formats) {
        select.value = format;
        select.dispatchEvent(new Event('change'));
        await el.updateComplete;
        const text = $<HTMLTextAreaElement>(el, '#copy-preview').value;
        expect(text, format).to.contain('db.example.com');
        expect(text, format).not.to.contain('hunter2');
      }
      select.value = 'uri';
      select.dispatchEvent(new Event('change'));
      const withPassword = $<HTMLInputElement>(el, '.copy-as input[type="checkbox"]');
      withPassword.click();
      await el.updateComplete;
      expect($<HTMLTextAreaElement>(el, '#copy-preview').value).to.contain('hunter2');
      await expect(el).to.be.accessible();
    });
  });

  describe('Advanced drawer', () => {
    it('opens from the Advanced button with the settings sections, SSL and SSH embedded', async () => {
      const el = await openDialog();
      const toggle = $<HTMLButtonElement>(el, '.advanced-toggle');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      const titles = [...el.shadowRoot!.querySelectorAll('.advanced summary .summary-title')].map((s) => s.textContent);
      expect(titles).to.deep.equal(['Source', 'Security', 'Server', 'Client', 'SSL', 'Copilot', 'SSH Tunnel']);
      expect($(el, '#app-name')).not.to.equal(null);
      expect($(el, '#connect-timeout')).not.to.equal(null);
      await customElements.whenDefined('pg-ssl-settings');
      await customElements.whenDefined('pg-ssh-settings');
      expect($(el, 'details[data-section="ssl"] pg-ssl-settings')).not.to.equal(null);
      expect($(el, 'details[data-section="ssh"] pg-ssh-settings')).not.to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('names each section by its title alone, with the state hint as its description', async () => {
      const el = await openDialog();
      $<HTMLButtonElement>(el, '.advanced-toggle').click();
      await el.updateComplete;
      const summaries = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.advanced summary')];
      // The name comes from the content, which is the title alone.
      expect(summaries.map((summary) => summary.textContent!.trim())).to.deep.equal(['Source', 'Security', 'Server', 'Client', 'SSL', 'Copilot', 'SSH Tunnel']);
      for (const summary of summaries) {
        const hint = el.shadowRoot!.getElementById(summary.getAttribute('aria-describedby')!)!;
        expect(hint.classList.contains('summary-hint')).to.equal(true);
        expect(hint.textContent!.trim()).not.to.equal('');
      }
      expect(el.shadowRoot!.getElementById($(el, 'details[data-section="ssh"] > summary').getAttribute('aria-describedby')!)!.textContent).to.equal('Off');
      await expect(el).to.be.accessible();
    });

    it('takes the sslmode chosen in the SSL section into the profile and keeps it when the host changes', async () => {
      const el = await openDialog();
      el.addEventListener('pg-test-request', (e) => e.preventDefault());
      $<HTMLButtonElement>(el, '.advanced-toggle').click();
      await customElements.whenDefined('pg-ssl-settings');
      await el.updateComplete;
      deep<HTMLInputElement>(el, 'pg-ssl-settings', '#mode-require').click();
      await fillValid(el);
      const request = oneEvent(el, 'pg-test-request');
      $<HTMLButtonElement>(el, '.test-button').click();
      expect((await request).detail.profile.ssl.sslmode).to.equal('require');
    });
  });

  describe('Browse Azure', () => {
    it('loads the Azure browser on demand and fills the form from the chosen server', async () => {
      const client = new FakeBridgeClient()
        .on('entra.accounts.list', () => ({ accounts: [{ accountId: 'acc1', username: 'alice@contoso.com', tenantId: '11111111-1111-1111-1111-111111111111' }] }))
        .on('azure.subscriptions.list', () => ({ subscriptions: [{ subscriptionId: '22222222-2222-2222-2222-222222222222', displayName: 'Prod', tenantId: '11111111-1111-1111-1111-111111111111' }] }))
        .on('azure.servers.list', () => ({ servers: [{ name: 'orders', resourceGroup: 'rg-orders', location: 'westeurope', fqdn: 'orders.postgres.database.azure.com', version: '17' }] }));
      const el = await openDialog(client);
      expect(customElements.get('pg-azure-browser')).to.equal(undefined);
      $<HTMLButtonElement>(el, '#tab-azure').click();
      await waitUntil(() => el.shadowRoot!.querySelector('pg-azure-browser')?.shadowRoot?.querySelector('li button'));
      deep<HTMLButtonElement>(el, 'pg-azure-browser', 'li button').click();
      await el.updateComplete;
      expect($(el, '#tab-parameters').getAttribute('aria-selected')).to.equal('true');
      expect($<HTMLInputElement>(el, '#server').value).to.equal('orders.postgres.database.azure.com');
      expect($(el, '.azure-meta').textContent).to.contain('rg-orders');
      await expect(el).to.be.accessible();
    });
  });

  describe('bridge', () => {
    it('takes the client from context when no .client is given', async () => {
      const client = testClient();
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      provideClient(host, client);
      const el = document.createElement('pg-connection-dialog');
      el.saved = [];
      el.recent = [];
      host.append(el);
      el.open = true;
      await el.updateComplete;
      await fillValid(el);
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => client.requestsOf('connection.test').length === 1);
    });

    it('shows "bridge unavailable — reconnecting" and "bridge not verified"', async () => {
      const client = new FakeBridgeClient();
      const el = await openDialog(client);
      client.setState('reconnecting');
      await el.updateComplete;
      expect($(el, '.bridge').textContent).to.contain('Bridge unavailable — reconnecting');
      client.setState('unverified');
      await el.updateComplete;
      expect($(el, '.bridge').getAttribute('role')).to.equal('alert');
      expect($(el, '.bridge').textContent).to.contain('Bridge not verified');
      client.setState('ready');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.bridge')).to.equal(null);
    });

    it('loads a saved connection chosen in the side panel through the bridge', async () => {
      const saved = createProfile({ name: 'Staging', hosts: [{ host: 'staging.example.com', port: 5433 }], auth: { type: 'password', user: 'app', savePassword: true } });
      const client = new FakeBridgeClient().on('profiles.get', () => ({ profile: saved, secrets: { hasPassword: true } }));
      const el = await fixture<PgConnectionDialog>(html`<pg-connection-dialog open .client=${client} .recent=${[]}
        .saved=${[{ id: saved.id, name: 'Staging', host: 'staging.example.com', port: 5433, user: 'app', authType: 'password', scope: 'user', hasPassword: true }]}></pg-connection-dialog>`);
      const select = oneEvent(el, 'pg-profile-select');
      deep<HTMLButtonElement>(el, 'pg-connection-list', '.select').click();
      expect((await select).detail.list).to.equal('saved');
      await waitUntil(() => $(el, '#title').textContent === 'Staging');
      expect($(el, '#eyebrow').textContent).to.equal('Edit Connection');
      expect($<HTMLInputElement>(el, '#server').value).to.equal('staging.example.com');
      expect(deep<HTMLInputElement>(el, 'pg-auth-settings', '#password').placeholder).to.contain('Saved');
    });
  });

  describe('groups and saved passwords from the bridge', () => {
    it('asks the bridge for the server groups each time it opens, with one Default', async () => {
      let groups = [{ id: 'g1', name: 'Staging', color: '#8250df' }];
      const client = new FakeBridgeClient().on('groups.list', () => ({ groups })).on('secrets.status', () => ({ kind: 'keychain' as const }));
      const el = await openDialog(client);
      const names = () => [...$<HTMLSelectElement>(el, '#group').options].map((o) => o.textContent);
      await waitUntil(() => names().includes('Staging'));
      expect(names()).to.deep.equal(['Default', 'Staging']);
      el.open = false;
      await el.updateComplete;
      groups = [...groups, { id: 'g2', name: 'Analytics', color: '#0e8a95' }];
      el.open = true;
      await el.updateComplete;
      await waitUntil(() => names().includes('Analytics'));
      expect(names()).to.deep.equal(['Default', 'Staging', 'Analytics']);
      expect(client.requestsOf('secrets.status')).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('takes the groups the page gives instead', async () => {
      const client = new FakeBridgeClient().on('groups.list', () => ({ groups: [] })).on('secrets.status', () => ({ kind: 'keychain' as const }));
      const el = await fixture<PgConnectionDialog>(html`<pg-connection-dialog .client=${client} .saved=${[]} .recent=${[]} .groups=${[{ id: 'p', name: 'Production', color: '#d1242f' }]} open></pg-connection-dialog>`);
      await el.updateComplete;
      expect([...$<HTMLSelectElement>(el, '#group').options].map((o) => o.textContent)).to.deep.equal(['Default', 'Production']);
      el.open = false;
      await el.updateComplete;
      el.open = true;
      await el.updateComplete;
      expect(client.requestsOf('groups.list')).to.have.length(0);
    });

    for (const [kind, where, not] of [['keychain', /system keychain/, /encrypted file/], ['encrypted-file', /encrypted file/, /keychain/]] as const) {
      it(`labels the checkbox "Save password" on both tabs, and says where it goes (${kind})`, async () => {
        const client = new FakeBridgeClient().on('groups.list', () => ({ groups: [] })).on('secrets.status', () => ({ kind }));
        const el = await openDialog(client);
        const auth = el.shadowRoot!.querySelector<PgAuthSettings>('pg-auth-settings')!;
        await waitUntil(() => auth.shadowRoot!.querySelector('#savePassword-help'));
        const check = deep<HTMLInputElement>(el, 'pg-auth-settings', '#savePassword');
        expect(check.closest('label')!.textContent!.trim()).to.equal('Save password');
        const help = deep(el, 'pg-auth-settings', '#savePassword-help').textContent!;
        expect(help).to.match(where);
        expect(help).not.to.match(not);
        expect(check.getAttribute('aria-describedby')).to.equal('savePassword-help');
        await expect(el).to.be.accessible();
        $<HTMLButtonElement>(el, '#tab-connectionString').click();
        await waitUntil(() => el.shadowRoot!.querySelector('#cs-save-password'));
        const csCheck = $<HTMLInputElement>(el, '#cs-save-password');
        expect(csCheck.closest('label')!.textContent!.trim()).to.equal('Save password');
        expect($(el, '#cs-save-password-help').textContent).to.equal(help);
        expect(csCheck.getAttribute('aria-describedby')).to.equal('cs-save-password-help');
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('bridge prompts', () => {
    const FINGERPRINT = SAMPLE_FINGERPRINT;
    const OTHER = SAMPLE_OTHER_FINGERPRINT;

    async function openWithSsh(client: FakeBridgeClient): Promise<PgConnectionDialog> {
      const profile = createProfile({
        hosts: [{ host: 'db.internal', port: 5432 }],
        auth: { type: 'password', user: 'alice', savePassword: false },
        ssh: { enabled: true, host: 'bastion.example.com', port: 22, user: 'ops', auth: { type: 'agent' } },
      });
      return openDialog(client, { profile });
    }

    /** Clicks Test Connection and has the bridge ask about a host key for it; resolves with the request id once the prompt is open. */
    async function promptDuringTest(el: PgConnectionDialog, client: FakeBridgeClient, prompt: { promptId: string; host?: string }): Promise<string> {
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => client.last('connection.test'));
      const requestId = client.last('connection.test')!.options!.id!;
      client.push('event.ssh.hostKey', { host: 'bastion.example.com', port: 22, hop: 0, keyType: 'ssh-ed25519', fingerprint: FINGERPRINT, ...prompt, requestId });
      await waitUntil(() => el.shadowRoot!.querySelector('dialog.prompt')?.hasAttribute('open'));
      return requestId;
    }

    /** The profile Save & Connect hands to the page (which takes over saving and connecting). */
    async function savedProfile(el: PgConnectionDialog): Promise<ConnectionProfile> {
      const saved = new Promise<PgSaveRequestEvent>((resolve) => el.addEventListener('pg-save-request', (e) => { e.preventDefault(); resolve(e); }, { once: true }));
      el.addEventListener('pg-connect-request', (e) => e.preventDefault(), { once: true });
      $<HTMLButtonElement>(el, '[part="primary-button"]').click();
      return (await saved).detail.profile;
    }

    it('asks to trust an unknown SSH host key, showing host, key type and fingerprint, and pins it when trusted', async () => {
      let finish: (() => void) | undefined;
      const client = new FakeBridgeClient()
        .on('connection.test', (p) => new Promise((resolve) => (finish = () => resolve(successReport(p.testId)))))
        .on('ssh.hostKey.confirm', () => ({}))
        .on('databases.list', () => ({ databases: [] }));
      const el = await openWithSsh(client);
      await promptDuringTest(el, client, { promptId: 'k1' });
      const prompt = $<HTMLDialogElement>(el, 'dialog.prompt');
      expect(prompt.textContent).to.contain('bastion.example.com:22').and.to.contain('ssh-ed25519').and.to.contain(FINGERPRINT);
      expect(prompt.textContent).to.contain('first connection');
      // Cancel is the safe default: Enter on the focused button never trusts a key by accident.
      expect(el.shadowRoot!.activeElement?.getAttribute('data-answer')).to.equal('cancel');
      await expect(el).to.be.accessible();
      prompt.querySelector<HTMLButtonElement>('[data-answer="trust"]')!.click();
      await el.updateComplete;
      expect(client.requestsOf('ssh.hostKey.confirm')).to.deep.equal([{ promptId: 'k1', trust: true }]);
      expect(el.shadowRoot!.querySelector('dialog.prompt')).to.equal(null);
      finish!();
      await waitUntil(() => el.shadowRoot!.querySelector('.test.ok'));
      expect((await savedProfile(el)).ssh?.knownHostKey).to.equal(FINGERPRINT);
    });

    it('answers "do not trust" on Cancel or Escape, without closing the connection dialog', async () => {
      const client = new FakeBridgeClient()
        .on('connection.test', () => new Promise(() => undefined))
        .on('ssh.hostKey.confirm', () => ({}));
      const el = await openWithSsh(client);
      await promptDuringTest(el, client, { promptId: 'k2' });
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => client.requestsOf('ssh.hostKey.confirm').length === 1);
      expect(client.requestsOf('ssh.hostKey.confirm')).to.deep.equal([{ promptId: 'k2', trust: false }]);
      expect(el.open).to.equal(true);
    });

    it('refuses and closes the host-key prompt of a test given up on when another connection is loaded, pinning nothing', async () => {
      const client = new FakeBridgeClient()
        .on('connection.test', () => new Promise(() => undefined))
        .on('connection.test.cancel', () => ({ cancelled: true }))
        .on('ssh.hostKey.confirm', () => ({}));
      const el = await openWithSsh(client);
      const requestId = await promptDuringTest(el, client, { promptId: 'k5' });
      el.profile = createProfile({
        name: 'Staging',
        hosts: [{ host: 'db.staging.internal', port: 5432 }],
        auth: { type: 'password', user: 'alice', savePassword: false },
        ssh: { enabled: true, host: 'bastion.staging.example.com', port: 22, user: 'ops', auth: { type: 'agent' } },
      });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('dialog.prompt').length).to.equal(0);
      expect(client.requestsOf('ssh.hostKey.confirm')).to.deep.equal([{ promptId: 'k5', trust: false }]);
      // A question the bridge still asks for the test given up on is refused too, never shown.
      client.push('event.ssh.hostKey', { promptId: 'k6', requestId, host: 'bastion.example.com', port: 22, hop: 0, keyType: 'ssh-ed25519', fingerprint: FINGERPRINT });
      await el.updateComplete;
      expect(el.shadowRoot!.querySelectorAll('dialog.prompt').length).to.equal(0);
      expect(client.requestsOf('ssh.hostKey.confirm')).to.deep.equal([{ promptId: 'k5', trust: false }, { promptId: 'k6', trust: false }]);
      const profile = await savedProfile(el);
      expect(profile.ssh?.host).to.equal('bastion.staging.example.com');
      expect(profile.ssh?.knownHostKey).to.equal(undefined);
    });

    it('pins a trusted key only on a hop that is the host and port the prompt names', async () => {
      const client = new FakeBridgeClient()
        .on('connection.test', () => new Promise(() => undefined))
        .on('ssh.hostKey.confirm', () => ({}));
      const el = await openWithSsh(client);
      await promptDuringTest(el, client, { promptId: 'k7', host: 'elsewhere.example.com' });
      $<HTMLButtonElement>(el, 'dialog.prompt [data-answer="trust"]').click();
      await el.updateComplete;
      expect(client.requestsOf('ssh.hostKey.confirm')).to.deep.equal([{ promptId: 'k7', trust: true }]);
      expect((await savedProfile(el)).ssh?.knownHostKey).to.equal(undefined);
    });

    it('ignores host-key prompts that belong to other requests', async () => {
      const client = new FakeBridgeClient().on('connection.test', () => new Promise(() => undefined));
      const el = await openWithSsh(client);
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => client.last('connection.test'));
      client.push('event.ssh.hostKey', { promptId: 'k3', requestId: 'someone-else', host: 'x', port: 22, hop: 0, keyType: 'ssh-rsa', fingerprint: FINGERPRINT });
      await aTimeout(50);
      expect(el.shadowRoot!.querySelector('dialog.prompt')).to.equal(null);
    });

    it('shows a changed host key as a hard failure with both fingerprints and no way to trust it', async () => {
      const client = new FakeBridgeClient().on('connection.test', (p) => hostKeyChangedReport(p.testId));
      const el = await openWithSsh(client);
      $<HTMLButtonElement>(el, '.test-button').click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part="host-key-changed"]'));
      const changed = $(el, '[part="host-key-changed"]');
      expect(changed.textContent).to.contain(FINGERPRINT).and.to.contain(OTHER);
      expect(changed.closest('[role="alert"]')).to.not.equal(null);
      const buttons = [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim().toLowerCase());
      expect(buttons.some((b) => b.includes('trust'))).to.equal(false);
      expect(el.shadowRoot!.querySelector('dialog.prompt')).to.equal(null);
    });

    it('shows a banner when a connection is lost, and when it is restored', async () => {
      const client = new FakeBridgeClient();
      const el = await openDialog(client);
      client.push('event.connection.lost', { connectionId: 'c1', reconnecting: true, error: { code: 'PG_CONNECTION_LOST', message: 'The server closed the connection.' } });
      await el.updateComplete;
      const lost = $(el, '[part="connection-notice"]');
      expect(lost.getAttribute('role')).to.equal('alert');
      expect(lost.textContent).to.contain('reconnecting').and.to.contain('The server closed the connection.');
      client.push('event.connection.restored', { connectionId: 'c1' });
      await el.updateComplete;
      expect($(el, '[part="connection-notice"]').textContent).to.contain('restored');
      $<HTMLButtonElement>(el, '[part="connection-notice"] button').click();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="connection-notice"]')).to.equal(null);
    });

    it('keeps listening to the bridge after it is moved in the page', async () => {
      const client = new FakeBridgeClient();
      const el = await fixture<PgConnectionDialog>(html`<pg-connection-dialog .client=${client} .saved=${[]} .recent=${[]}></pg-connection-dialog>`);
      const elsewhere = document.createElement('div');
      document.body.append(elsewhere);
      try {
        elsewhere.append(el);
        await el.updateComplete;
        client.push('event.connection.lost', { connectionId: 'c1', reconnecting: true, error: { code: 'PG_CONNECTION_LOST', message: 'The server closed the connection.' } });
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part="connection-notice"]')).not.to.equal(null);
      } finally {
        elsewhere.remove();
      }
    });

    it('shows the token expiry of a connection it opened when the bridge refreshes the token', async () => {
      const client = new FakeBridgeClient()
        .on('profiles.save', (p) => ({ profile: p.profile, secrets: { hasPassword: false } }))
        .on('connection.open', () => ({ connectionId: 'c9', readOnly: false, server: { version: '17.2', inRecovery: false, user: 'alice', database: 'app', host: 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com', port: 5432 } }))
        .on('aws.profiles.list', () => ({ profiles: [] }));
      const profile = createProfile({ hosts: [{ host: 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com', port: 5432 }], auth: { type: 'awsIam', user: 'alice' } });
      const el = await openDialog(client, { profile });
      $<HTMLButtonElement>(el, '[part="primary-button"]').click();
      await waitUntil(() => !el.open);
      const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
      client.push('event.token.refreshed', { connectionId: 'c9', provider: 'awsIam', expiresAt });
      el.open = true;
      await el.updateComplete;
      const auth = deep<PgAuthSettings>(el, 'pg-auth-settings');
      await auth.updateComplete;
      expect(auth.tokenExpiresAt).to.equal(expiresAt);
      expect(auth.shadowRoot!.querySelector('.token')!.textContent).to.contain('Token valid until');
    });
  });
});
