/**
 * A type-level test of the React wrappers: `tsc -p packages/components` fails if a prop or an event handler loses its
 * type. Not a WTR test file on purpose; `react.test.ts` beside it renders them.
 */
import { createElement } from 'react';
import type { ComponentProps } from 'react';
import { PgAuthSettings, PgConnectionDialog, PgServerGroups } from './index.js';
import type { PgTestRequestEvent } from '../events/pg-test-request.js';

type DialogProps = ComponentProps<typeof PgConnectionDialog>;

// Event props take the event class the element dispatches.
const onTest: DialogProps['onPgTestRequest'] = (event) => {
  event satisfies PgTestRequestEvent;
  event.detail.profile.hosts satisfies { host: string; port?: number }[];
  event.preventDefault();
};

export const dialog = createElement(PgConnectionDialog, {
  open: true,
  noSidePanel: true,
  theme: 'dark',
  onPgTestRequest: onTest,
  onPgConnected: (event) => event.detail.connectionId satisfies string,
  onPgError: (event) => event.detail.code satisfies string,
});

export const groups = createElement(PgServerGroups, { onPgGroupDeleteRequest: (event) => event.detail.group.id satisfies string });

export const auth = createElement(PgAuthSettings, { value: { type: 'none' }, onPgAuthChange: (event) => event.detail.value.type satisfies string });

// @ts-expect-error: the dialog dispatches no pg-ssl-change of its own, so there is no such prop.
export const wrong = createElement(PgConnectionDialog, { onPgSslChange: () => undefined });

// @ts-expect-error: a handler for pg-connected does not take a test request.
export const mismatched = createElement(PgConnectionDialog, { onPgConnected: (event: PgTestRequestEvent) => event });
