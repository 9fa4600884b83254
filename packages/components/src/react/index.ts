/**
 * React wrappers for the pgconnect elements (`@pgconnect/components/react.js`), made with `@lit/react`: element
 * properties become props, and each event becomes a typed `on…` prop (`onPgTestRequest` gets a
 * `PgTestRequestEvent`). Importing this module defines the elements.
 *
 * ```tsx
 * <PgConnectionDialog open profile={profile} onPgConnected={(e) => setConnection(e.detail.connectionId)} />
 * ```
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import { PgAuthSettings as PgAuthSettingsElement } from '../auth-settings/pg-auth-settings.js';
import { PgConnectionDialog as PgConnectionDialogElement } from '../connection-dialog/pg-connection-dialog.js';
import { PgConnectionList as PgConnectionListElement } from '../connection-list/pg-connection-list.js';
import { PgPermissionsView as PgPermissionsViewElement } from '../permissions-view/pg-permissions-view.js';
import { PgServerGroups as PgServerGroupsElement } from '../server-groups/pg-server-groups.js';
import { PgSshSettings as PgSshSettingsElement } from '../ssh-settings/pg-ssh-settings.js';
import { PgSslSettings as PgSslSettingsElement } from '../ssl-settings/pg-ssl-settings.js';

/** `'pg-test-request'` typed with the event class the element dispatches, from `HTMLElementEventMap`. */
const on = <K extends keyof HTMLElementEventMap>(name: K) => name as EventName<HTMLElementEventMap[K]>;

export const PgConnectionDialog = createComponent({
  react: React,
  tagName: 'pg-connection-dialog',
  elementClass: PgConnectionDialogElement,
  events: {
    onPgTestRequest: on('pg-test-request'),
    onPgSaveRequest: on('pg-save-request'),
    onPgConnectRequest: on('pg-connect-request'),
    onPgConnected: on('pg-connected'),
    onPgCloseRequest: on('pg-close-request'),
    onPgProfileSelect: on('pg-profile-select'),
    onPgProfileDeleteRequest: on('pg-profile-delete-request'),
    onPgError: on('pg-error'),
  },
  displayName: 'PgConnectionDialog',
});

export const PgSslSettings = createComponent({
  react: React,
  tagName: 'pg-ssl-settings',
  elementClass: PgSslSettingsElement,
  events: { onPgSslChange: on('pg-ssl-change') },
  displayName: 'PgSslSettings',
});

export const PgSshSettings = createComponent({
  react: React,
  tagName: 'pg-ssh-settings',
  elementClass: PgSshSettingsElement,
  events: { onPgSshChange: on('pg-ssh-change') },
  displayName: 'PgSshSettings',
});

export const PgAuthSettings = createComponent({
  react: React,
  tagName: 'pg-auth-settings',
  elementClass: PgAuthSettingsElement,
  events: { onPgAuthChange: on('pg-auth-change'), onPgError: on('pg-error') },
  displayName: 'PgAuthSettings',
});

export const PgServerGroups = createComponent({
  react: React,
  tagName: 'pg-server-groups',
  elementClass: PgServerGroupsElement,
  events: {
    onPgGroupSaveRequest: on('pg-group-save-request'),
    onPgGroupDeleteRequest: on('pg-group-delete-request'),
    onPgProfileSelect: on('pg-profile-select'),
    onPgError: on('pg-error'),
  },
  displayName: 'PgServerGroups',
});

export const PgConnectionList = createComponent({
  react: React,
  tagName: 'pg-connection-list',
  elementClass: PgConnectionListElement,
  events: { onPgProfileSelect: on('pg-profile-select'), onPgProfileDeleteRequest: on('pg-profile-delete-request'), onPgError: on('pg-error') },
  displayName: 'PgConnectionList',
});

export const PgPermissionsView = createComponent({
  react: React,
  tagName: 'pg-permissions-view',
  elementClass: PgPermissionsViewElement,
  events: {},
  displayName: 'PgPermissionsView',
});
