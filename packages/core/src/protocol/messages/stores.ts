/**
 * Saved profiles, server groups, recent connections, secrets, and import/export. No operation here returns
 * a secret: the page learns only whether one is stored (security.md T13).
 */
import * as z from 'zod/mini';
import { Color, Id, LIMITS, nonEmptyText, op, Port, text, Timestamp } from './common.js';
import { ConnectionProfileSchema, ProfileIdentityShape, SecretPresenceSchema, SecretsSchema } from './profile.js';

const name = text(LIMITS.name);
const profiles = z.array(ConnectionProfileSchema).check(z.maxLength(1_000));

/** What the Saved Connections list shows for a profile, with no need to load the whole profile. */
export const ProfileListItemSchema = z.strictObject({
  ...ProfileIdentityShape,
  /** The first host, as "Server name" shows it; empty for env-var profiles. */
  host: text(LIMITS.host),
  port: z.optional(Port),
  database: z.optional(name),
  user: z.optional(name),
  authType: z.enum(['password', 'entra', 'awsIam', 'pgpass', 'certificate', 'none']),
  ...SecretPresenceSchema.shape,
});

export const profilesList = op(
  'profiles.list',
  { scope: z.optional(z.enum(['user', 'workspace'])) },
  { profiles: z.array(ProfileListItemSchema).check(z.maxLength(10_000)) },
);

const storedProfile = { profile: ConnectionProfileSchema, secrets: SecretPresenceSchema };

export const profilesGet = op('profiles.get', { profileId: Id }, storedProfile);

/** Saves the profile, and with it any secrets given (the profile's `save…` flags decide which are kept). */
export const profilesSave = op('profiles.save', { profile: ConnectionProfileSchema, secrets: z.optional(SecretsSchema) }, storedProfile);

export const profilesDelete = op('profiles.delete', { profileId: Id }, {});

/** Copies a profile under a new id; secrets are not copied, since they are bound to the original. */
export const profilesDuplicate = op('profiles.duplicate', { profileId: Id, name: z.optional(name) }, storedProfile);

const Scope = z.enum(['user', 'workspace']);

export const GroupSchema = z.strictObject({
  id: Id,
  name: nonEmptyText(100),
  description: z.optional(text(LIMITS.message)),
  color: z.optional(Color),
  /**
   * The settings file the group lives in. In `groups.list` and `groups.save` results it is always given (the
   * built-in default group is `user`). In `groups.save` it chooses where a new group is created; an existing
   * group stays where it is.
   */
  scope: z.optional(Scope),
});

export const groupsList = op('groups.list', {}, { groups: z.array(GroupSchema).check(z.maxLength(1_000)) });

export const groupsSave = op('groups.save', { group: GroupSchema }, { group: GroupSchema });

/** Connections in a removed group move to the default group; the result says how many did. */
export const groupsDelete = op('groups.delete', { groupId: Id }, { movedProfiles: z.int().check(z.minimum(0)) });

/** Recent connections include unsaved ones, so an entry carries the whole profile it was made with. */
export const RecentEntrySchema = z.strictObject({
  id: Id,
  profile: ConnectionProfileSchema,
  lastUsedAt: Timestamp,
});

export const recentList = op('recent.list', {}, { entries: z.array(RecentEntrySchema).check(z.maxLength(100)) });

export const recentRemove = op('recent.remove', { entryId: Id }, {});

/**
 * Secrets are bound to the profile's host, port, user, database, sslmode and auth type when saved; the
 * bridge refuses to use them after any of those change (`SECRET_SAVED_NOT_APPLICABLE`).
 */
export const secretsSave = op('secrets.save', { profileId: Id, secrets: SecretsSchema }, { secrets: SecretPresenceSchema });

export const SECRET_KINDS = ['password', 'sslpassword', 'ssh'] as const;

export const secretsDelete = op(
  'secrets.delete',
  /** Absent means every secret of the profile. */
  { profileId: Id, kinds: z.optional(z.array(z.enum(SECRET_KINDS)).check(z.maxLength(SECRET_KINDS.length))) },
  { secrets: SecretPresenceSchema },
);

export const secretsHas = op('secrets.has', { profileId: Id }, { secrets: SecretPresenceSchema });

/**
 * Where this bridge keeps secrets, so the user knows: the OS keychain, or the encrypted file when there is no
 * keychain (`fallbackReason` says why). `location` (a keychain service or a file path) is given in local mode
 * only. Fails with `SECRET_KEYCHAIN_UNAVAILABLE` when neither store can be opened.
 */
export const secretsStatus = op('secrets.status', {}, {
  kind: z.enum(['keychain', 'encrypted-file']),
  location: z.optional(text(LIMITS.path)),
  fallbackReason: z.optional(text(LIMITS.message)),
});

/** Files other tools write, plus pgconnect's own secret-free manifest. */
export const IMPORT_FORMATS = ['pgconnect', 'pgadmin', 'dbeaver', 'vscode-pgsql', 'pgpass', 'pg_service'] as const;
export const EXPORT_FORMATS = ['pgconnect', 'pgadmin', 'vscode-pgsql'] as const;

/**
 * Reads the text and returns what it would create, without saving: the page shows the list, and saves the
 * profiles the user keeps with `profiles.save`. Passwords in the input (pgpass) are dropped, never imported.
 */
export const importOp = op(
  'import',
  { format: z.enum(IMPORT_FORMATS), text: nonEmptyText(LIMITS.document) },
  {
    profiles,
    groups: z.array(GroupSchema).check(z.maxLength(1_000)),
    warnings: z.array(z.strictObject({ message: text(LIMITS.message), item: z.optional(name) })).check(z.maxLength(1_000)),
  },
);

const importedItems = z.array(z.strictObject({ id: Id, name })).check(z.maxLength(10_000));

/**
 * Reads the text like `import` and saves what it read into `scope` (default user): new profiles are saved,
 * profiles whose servers, database and user are already saved are merged into the saved one (which keeps its
 * settings and gains the group if it had none), and entries that cannot be saved are skipped with the reason.
 * Groups are matched by name before new ones are created. No secret is ever imported.
 */
export const importApply = op(
  'import.apply',
  { format: z.enum(IMPORT_FORMATS), text: nonEmptyText(LIMITS.document), scope: z.optional(Scope) },
  {
    imported: importedItems,
    merged: z.array(z.strictObject({ id: Id, name, into: Id })).check(z.maxLength(10_000)),
    skipped: z.array(z.strictObject({ item: name, reason: text(LIMITS.message) })).check(z.maxLength(10_000)),
    groupsCreated: importedItems,
    warnings: z.array(z.strictObject({ message: text(LIMITS.message), item: z.optional(name) })).check(z.maxLength(1_000)),
  },
);

/** Exports never contain secrets. Absent `profileIds` exports every profile. */
export const exportOp = op(
  'export',
  { format: z.enum(EXPORT_FORMATS), profileIds: z.optional(z.array(Id).check(z.maxLength(10_000))) },
  { text: z.string(), fileName: text(LIMITS.name) },
);
