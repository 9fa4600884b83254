/**
 * The React wrappers rendered by React itself (react-dom's `createRoot`), not only type-checked: props reach the
 * elements as properties, `onPg…` props receive the events a user's action dispatches, re-renders update the
 * element, and unmounting removes it. Renders are flushed with `flushSync`, so nothing here waits on a clock.
 */
import { expect } from '@open-wc/testing';
import { createElement, useState } from 'react';
import type { ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { createProfile } from '@pgconnect/core/profile/defaults.js';
import type { SslSettings } from '@pgconnect/core';
import { PgConnectionDialog, PgConnectionList, PgSslSettings } from './index.js';
import type { PgConnectionDialog as PgConnectionDialogElement } from '../connection-dialog/pg-connection-dialog.js';
import type { PgConnectionList as PgConnectionListElement } from '../connection-list/pg-connection-list.js';
import type { PgSslSettings as PgSslSettingsElement } from '../ssl-settings/pg-ssl-settings.js';
import { PgCloseRequestEvent } from '../events/pg-close-request.js';
import { PgProfileSelectEvent } from '../events/pg-profile-select.js';
import { PgSslChangeEvent } from '../events/pg-ssl-change.js';
import { PgTestRequestEvent } from '../events/pg-test-request.js';
import type { ProfileListItem } from '../client/protocol.js';

const orders = createProfile({ name: 'Orders primary', hosts: [{ host: 'db.example.com' }], database: 'orders', auth: { type: 'password', user: 'alice', savePassword: false } });
const staging = createProfile({ name: 'Staging', hosts: [{ host: 'staging.example.com' }], auth: { type: 'password', user: 'bob', savePassword: false } });

let container: HTMLDivElement;
let root: Root | undefined;

/** Renders and commits at once: @lit/react sets properties and listeners in a layout effect of that commit. */
function render(element: ReactElement): void {
  flushSync(() => root!.render(element));
}

async function rendered<T extends HTMLElement & { updateComplete: Promise<boolean> }>(tag: string): Promise<T> {
  const el = container.querySelector<T>(tag);
  expect(el, `<${tag}> rendered`).not.to.equal(null);
  await el!.updateComplete;
  return el!;
}

const inShadow = <T extends HTMLElement = HTMLElement>(el: HTMLElement, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;

/** A user's click, with the React state updates its handlers make committed before it returns. */
function click(button: HTMLElement): void {
  flushSync(() => button.click());
}

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  root?.unmount();
  root = undefined;
  container.remove();
});

describe('React wrappers (@pgconnect/components/react.js)', () => {
  describe('PgConnectionDialog', () => {
    it('passes the profile as the element property, the same object and no attribute, and shows it', async () => {
      render(createElement(PgConnectionDialog, { open: true, noSidePanel: true, theme: 'dark', profile: orders, saved: [], recent: [] }));
      const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
      expect(el.profile).to.equal(orders);
      expect(el.saved).to.deep.equal([]);
      expect(el.open).to.equal(true);
      expect(el.noSidePanel).to.equal(true);
      expect(el.getAttributeNames().sort()).to.deep.equal(['open', 'theme']);
      expect(inShadow<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
      expect(inShadow(el, '#eyebrow').textContent).to.equal('Edit Connection');
      expect(inShadow(el, '#title').textContent).to.equal('Orders primary');
      expect(inShadow<HTMLInputElement>(el, '#server').value).to.equal('db.example.com');
    });

    it('calls onPgTestRequest once with the PgTestRequestEvent of a Test Connection click, carrying the profile', async () => {
      const calls: PgTestRequestEvent[] = [];
      let resolveRequest!: (event: PgTestRequestEvent) => void;
      const requested = new Promise<PgTestRequestEvent>((resolve) => (resolveRequest = resolve));
      const onPgTestRequest = (event: PgTestRequestEvent) => {
        // The host runs the test itself, as a React app with its own client would.
        event.preventDefault();
        calls.push(event);
        resolveRequest(event);
      };
      render(createElement(PgConnectionDialog, { open: true, noSidePanel: true, profile: orders, onPgTestRequest }));
      const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
      inShadow<HTMLButtonElement>(el, '.test-button').click();
      const event = await requested;
      expect(event).to.be.instanceOf(PgTestRequestEvent);
      expect(event.target).to.equal(el);
      expect(event.detail.profile.name).to.equal('Orders primary');
      expect(event.detail.profile.hosts[0]!.host).to.equal('db.example.com');
      expect(event.detail.profile.database).to.equal('orders');
      expect(event.detail.profile.auth).to.deep.include({ type: 'password', user: 'alice' });
      expect(calls).to.have.length(1);
    });

    it('closes through React state set in onPgCloseRequest, as the README shows', async () => {
      const sources: string[] = [];
      function Host() {
        const [open, setOpen] = useState(true);
        return createElement(PgConnectionDialog, {
          open,
          noSidePanel: true,
          onPgCloseRequest: (event: PgCloseRequestEvent) => {
            expect(event).to.be.instanceOf(PgCloseRequestEvent);
            sources.push(event.detail.source);
            setOpen(false);
          },
        });
      }
      render(createElement(Host));
      const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
      expect(inShadow<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
      click(inShadow<HTMLButtonElement>(el, '.close'));
      await el.updateComplete;
      expect(sources).to.deep.equal(['close-button']);
      expect(el.open).to.equal(false);
      expect(el.hasAttribute('open')).to.equal(false);
      expect(inShadow<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    });

    it('keeps the dialog open when the onPgCloseRequest handler cancels the request', async () => {
      render(createElement(PgConnectionDialog, { open: true, noSidePanel: true, onPgCloseRequest: (event: PgCloseRequestEvent) => event.preventDefault() }));
      const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
      click(inShadow<HTMLButtonElement>(el, '.close'));
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(inShadow<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    });

    it('updates the element property on a re-render with another profile, and resets when the prop is dropped', async () => {
      render(createElement(PgConnectionDialog, { open: true, noSidePanel: true, profile: orders }));
      const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
      render(createElement(PgConnectionDialog, { open: true, noSidePanel: true, profile: staging }));
      await el.updateComplete;
      expect(container.querySelector('pg-connection-dialog')).to.equal(el);
      expect(el.profile).to.equal(staging);
      expect(inShadow(el, '#title').textContent).to.equal('Staging');
      expect(inShadow<HTMLInputElement>(el, '#server').value).to.equal('staging.example.com');
      render(createElement(PgConnectionDialog, { open: true, noSidePanel: true }));
      await el.updateComplete;
      expect(el.profile).to.equal(undefined);
      expect(inShadow(el, '#eyebrow').textContent).to.equal('New Connection');
      expect(inShadow<HTMLInputElement>(el, '#server').value).to.equal('');
    });

    it('calls only the newest handler after a re-render replaces it', async () => {
      const calls: string[] = [];
      const props = { open: true, noSidePanel: true };
      render(createElement(PgConnectionDialog, { ...props, onPgCloseRequest: (e: PgCloseRequestEvent) => (e.preventDefault(), calls.push('first')) }));
      const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
      render(createElement(PgConnectionDialog, { ...props, onPgCloseRequest: (e: PgCloseRequestEvent) => (e.preventDefault(), calls.push('second')) }));
      click(inShadow<HTMLButtonElement>(el, '.close'));
      render(createElement(PgConnectionDialog, props));
      click(inShadow<HTMLButtonElement>(el, '.close'));
      expect(calls).to.deep.equal(['second']);
    });

    it('removes the element on unmount without an error', async () => {
      const errors: unknown[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.error);
      const consoleError = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      window.addEventListener('error', onError);
      try {
        render(createElement(PgConnectionDialog, { open: true, noSidePanel: true, profile: orders, onPgCloseRequest: () => undefined }));
        const el = await rendered<PgConnectionDialogElement>('pg-connection-dialog');
        flushSync(() => root!.unmount());
        root = undefined;
        await el.updateComplete;
        expect(el.isConnected).to.equal(false);
        expect(container.childNodes).to.have.length(0);
        expect(errors).to.deep.equal([]);
      } finally {
        window.removeEventListener('error', onError);
        console.error = consoleError;
      }
    });
  });

  describe('PgSslSettings', () => {
    it('passes value and host as properties and feeds onPgSslChange back into a controlled value', async () => {
      const changes: PgSslChangeEvent[] = [];
      function Host() {
        const [value, setValue] = useState<SslSettings>({ sslmode: 'verify-full', rootCert: 'system' });
        return createElement(PgSslSettings, {
          value,
          host: 'db.example.com',
          onPgSslChange: (event: PgSslChangeEvent) => {
            changes.push(event);
            setValue(event.detail.value);
          },
        });
      }
      render(createElement(Host));
      const el = await rendered<PgSslSettingsElement>('pg-ssl-settings');
      expect(el.value).to.deep.equal({ sslmode: 'verify-full', rootCert: 'system' });
      expect(el.host).to.equal('db.example.com');
      expect(inShadow<HTMLInputElement>(el, '#mode-verify-full').checked).to.equal(true);
      expect(inShadow(el, '#mode-explain').textContent).to.contain('db.example.com');
      click(inShadow<HTMLInputElement>(el, '#mode-verify-ca'));
      await el.updateComplete;
      expect(changes).to.have.length(1);
      expect(changes[0]).to.be.instanceOf(PgSslChangeEvent);
      expect(changes[0]!.detail.value.sslmode).to.equal('verify-ca');
      expect(el.value).to.equal(changes[0]!.detail.value);
      expect(inShadow<HTMLInputElement>(el, '#mode-verify-ca').checked).to.equal(true);
    });
  });

  describe('PgConnectionList', () => {
    const saved: ProfileListItem[] = [
      { id: 'p1', name: 'Production', host: 'prod.example.com', database: 'app', user: 'app', authType: 'password', scope: 'user', hasPassword: true },
      { id: 'p2', name: 'Local', host: 'localhost', user: 'postgres', authType: 'password', scope: 'user', hasPassword: false },
    ];

    it('lists the saved array it is given and calls onPgProfileSelect with the chosen card', async () => {
      const selected: PgProfileSelectEvent[] = [];
      render(createElement(PgConnectionList, { saved, recent: [], onPgProfileSelect: (event: PgProfileSelectEvent) => selected.push(event) }));
      const el = await rendered<PgConnectionListElement>('pg-connection-list');
      expect(el.saved).to.equal(saved);
      expect([...el.shadowRoot!.querySelectorAll('[part~="saved"] .name')].map((n) => n.textContent)).to.deep.equal(['Production', 'Local']);
      click(el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="saved"] .select')[1]!);
      expect(selected).to.have.length(1);
      expect(selected[0]).to.be.instanceOf(PgProfileSelectEvent);
      expect(selected[0]!.detail.list).to.equal('saved');
      expect(selected[0]!.detail.profile).to.equal(saved[1]);
    });

    it('shows a new saved array after a re-render', async () => {
      render(createElement(PgConnectionList, { saved, recent: [] }));
      const el = await rendered<PgConnectionListElement>('pg-connection-list');
      const fewer = saved.slice(1);
      render(createElement(PgConnectionList, { saved: fewer, recent: [] }));
      await el.updateComplete;
      expect(el.saved).to.equal(fewer);
      expect([...el.shadowRoot!.querySelectorAll('[part~="saved"] .name')].map((n) => n.textContent)).to.deep.equal(['Local']);
    });
  });
});
