/**
 * The connection profile on the wire. It mirrors `profile/profile.ts` field for field; the checks at the end
 * fail to compile if the two ever disagree. Shape and size are checked here; meaning (port required, verify-full
 * needs a host name, …) is `profile/validate.ts`'s job, which the bridge runs after this.
 *
 * Secrets never sit inside a profile: they travel beside it in `SecretsSchema`, and only page → bridge.
 */
import * as z from 'zod/mini';
import type { ConnectionProfile, SecretPresence } from '../../profile/profile.js';
import { SSL_MODES, TARGET_SESSION_ATTRS, TLS_VERSIONS } from '../../profile/profile.js';
import { boundedInt, Color, EnvVarName, Fingerprint, Id, LIMITS, nonEmptyText, Port, text } from './common.js';

const name = text(LIMITS.name);
const path = nonEmptyText(LIMITS.path);

export const PemSourceSchema = z.union([
  z.strictObject({ path }),
  z.strictObject({ pem: nonEmptyText(LIMITS.document) }),
]);

export const HostPortSchema = z.strictObject({
  host: text(LIMITS.host),
  port: z.optional(Port),
});

export const AuthSettingsSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('password'), user: name, savePassword: z.boolean() }),
  z.strictObject({ type: z.literal('entra'), account: name, tenant: name, user: name }),
  z.strictObject({ type: z.literal('awsIam'), user: name, profile: z.optional(name), region: z.optional(text(64)) }),
  z.strictObject({ type: z.literal('pgpass'), user: name, passfile: z.optional(path) }),
  z.strictObject({ type: z.literal('certificate'), user: name }),
  z.strictObject({ type: z.literal('none'), user: z.optional(name) }),
]);

export const SslSettingsSchema = z.strictObject({
  sslmode: z.enum(SSL_MODES),
  rootCert: z.optional(z.union([z.literal('system'), PemSourceSchema])),
  clientCert: z.optional(PemSourceSchema),
  clientKey: z.optional(PemSourceSchema),
  hasSslPassword: z.optional(z.boolean()),
  crl: z.optional(PemSourceSchema),
  serverName: z.optional(text(LIMITS.host)),
  sslnegotiation: z.optional(z.enum(['postgres', 'direct'])),
  minTlsVersion: z.optional(z.enum(TLS_VERSIONS)),
  maxTlsVersion: z.optional(z.enum(TLS_VERSIONS)),
  sni: z.optional(z.boolean()),
  certMode: z.optional(z.enum(['disable', 'allow', 'require'])),
  channelBinding: z.optional(z.enum(['disable', 'prefer', 'require'])),
});

export const SshAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('password'), savePassword: z.boolean() }),
  z.strictObject({ type: z.literal('privateKey'), key: PemSourceSchema, savePassphrase: z.boolean() }),
  z.strictObject({ type: z.literal('agent'), socket: z.optional(path) }),
]);

export const SshJumpHostSchema = z.strictObject({
  host: nonEmptyText(LIMITS.host),
  port: Port,
  user: name,
  auth: SshAuthSchema,
  knownHostKey: z.optional(Fingerprint),
});

export const SshSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  host: text(LIMITS.host),
  port: Port,
  user: name,
  auth: SshAuthSchema,
  knownHostKey: z.optional(Fingerprint),
  jumpHosts: z.optional(z.array(SshJumpHostSchema).check(z.maxLength(8))),
  keepaliveSeconds: z.optional(boundedInt(3_600)),
});

export const ClientSettingsSchema = z.strictObject({
  applicationName: name,
  connectTimeoutSeconds: boundedInt(3_600),
  options: z.optional(text(LIMITS.setting)),
  clientEncoding: z.optional(text(64)),
  targetSessionAttrs: z.optional(z.enum(TARGET_SESSION_ATTRS)),
  loadBalanceHosts: z.optional(z.enum(['disable', 'random'])),
  keepalives: z.optional(z.boolean()),
  keepalivesIdleSeconds: z.optional(boundedInt(86_400)),
  readOnly: z.optional(z.boolean()),
  copilotAccessMode: z.enum(['global', 'readOnly', 'readWrite']),
  requireAuth: z.optional(text(LIMITS.name)),
  gssencmode: z.optional(z.enum(['disable', 'prefer', 'require'])),
});

export const AzureMetadataSchema = z.strictObject({
  subscriptionId: z.optional(name),
  resourceGroup: z.optional(name),
  serverName: z.optional(name),
});

/** libpq keywords are lower-case identifiers; the cap keeps `extra` from becoming a free-form store. */
const ExtraKeywords = z
  .record(z.string().check(z.regex(/^[a-z_][a-z0-9_]{0,63}$/)), text(LIMITS.setting))
  .check(z.refine((extra) => Object.keys(extra).length <= LIMITS.list, `has more than ${LIMITS.list} keywords`));

/** Who a profile is: shared by the full profile and the Saved Connections list item. */
export const ProfileIdentityShape = {
  id: Id,
  name,
  groupId: z.optional(Id),
  scope: z.enum(['user', 'workspace']),
  color: z.optional(Color),
  environment: z.optional(text(64)),
};

export const ConnectionProfileSchema = z.strictObject({
  ...ProfileIdentityShape,
  mode: z.enum(['parameters', 'connectionString', 'envVar', 'azure']),
  hosts: z.array(HostPortSchema).check(z.maxLength(LIMITS.list)),
  hostaddr: z.optional(z.array(text(LIMITS.host)).check(z.maxLength(LIMITS.list))),
  database: z.optional(name),
  envVar: z.optional(EnvVarName),
  service: z.optional(name),
  auth: AuthSettingsSchema,
  ssl: SslSettingsSchema,
  ssh: z.optional(SshSettingsSchema),
  client: ClientSettingsSchema,
  azure: z.optional(AzureMetadataSchema),
  extra: z.optional(ExtraKeywords),
});

/**
 * Secrets for one connection attempt or one save. They ride beside the profile, never inside it, so a
 * profile can be logged, stored and echoed without redaction. Jump-host secrets follow `ssh.jumpHosts` by index.
 */
const secret = z.optional(text(LIMITS.secret));
export const SecretsSchema = z.strictObject({
  password: secret,
  sslpassword: secret,
  sshPassword: secret,
  sshPassphrase: secret,
  jumpHosts: z.optional(z.array(z.strictObject({ password: secret, passphrase: secret })).check(z.maxLength(8))),
});
export type Secrets = z.infer<typeof SecretsSchema>;

/**
 * Secrets for one connection attempt (`connection.test`, `connection.open`, `databases.list`): the saved kinds,
 * plus `entraToken`, an access token for Azure Database for PostgreSQL that the page obtained itself (with
 * msal-browser) for a bridge that cannot open a browser. It is used as the password of an Entra profile only
 * (the bridge checks the host policy, verify-full and the token's audience and expiry first), and it is never
 * stored, echoed or logged: `profiles.save` and `secrets.save` do not accept it.
 */
export const ConnectSecretsSchema = z.extend(SecretsSchema, {
  /** A compact JWS (three base64url parts). Entra tokens with many claims reach several KB. */
  entraToken: z.optional(text(16_384).check(z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'is not a JSON Web Token'))),
});
export type ConnectSecrets = z.infer<typeof ConnectSecretsSchema>;

export const SecretPresenceSchema = z.strictObject({
  hasPassword: z.boolean(),
  hasSshSecret: z.optional(z.boolean()),
  hasSslPassword: z.optional(z.boolean()),
});

/*
 * The schemas must describe exactly the TypeScript model. Mutual assignability alone would let a schema
 * lack an optional field, so the key sets are compared too, at every level.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
type SameKeys<A, B> = [A] extends [readonly (infer EA)[]]
  ? [B] extends [readonly (infer EB)[]]
    ? Same<EA, EB>
    : false
  : [A] extends [object]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? { [K in keyof A & keyof B]-?: Same<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B] extends true
          ? true
          : false
        : false
      : false
    : true;

/*
 * `keyof` a union is only its common keys, so `Same` checks unions by assignability alone. That is enough
 * for PEM sources (one required key per member), not for unions whose members have optional fields (auth,
 * SSH auth): those are compared member by member through their discriminant.
 */
type SameUnion<A, B, D extends PropertyKey> = [A] extends [B]
  ? [B] extends [A]
    ? { [V in A extends Record<D, infer X extends PropertyKey> ? X : never]: Same<Extract<A, Record<D, V>>, Extract<B, Record<D, V>>> }[A extends Record<D, infer X extends PropertyKey> ? X : never] extends true
      ? true
      : false
    : false
  : false;

type Profile = z.infer<typeof ConnectionProfileSchema>;
type Ssh = NonNullable<ConnectionProfile['ssh']>;
type SchemaSsh = NonNullable<Profile['ssh']>;

true satisfies Same<Omit<Profile, 'auth' | 'ssl' | 'ssh'>, Omit<ConnectionProfile, 'auth' | 'ssl' | 'ssh'>>;
true satisfies SameUnion<Profile['auth'], ConnectionProfile['auth'], 'type'>;
true satisfies Same<Profile['ssl'], ConnectionProfile['ssl']>;
true satisfies Same<Omit<SchemaSsh, 'auth' | 'jumpHosts'>, Omit<Ssh, 'auth' | 'jumpHosts'>>;
true satisfies SameUnion<SchemaSsh['auth'], Ssh['auth'], 'type'>;
true satisfies Same<Omit<NonNullable<SchemaSsh['jumpHosts']>[number], 'auth'>, Omit<NonNullable<Ssh['jumpHosts']>[number], 'auth'>>;
true satisfies Same<z.infer<typeof SecretPresenceSchema>, SecretPresence>;
