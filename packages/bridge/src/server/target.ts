/**
 * Turns what a request names — a profile and maybe secrets — into what the connect engine may be given. Every
 * profile is re-validated here with core's validator in the bridge's mode, whatever the page already checked;
 * saved secrets (database, SSL key, SSH host and jump host ones) are used only when they were saved for exactly
 * this target.
 * The tunnel and cloud token the profile asks for are `connect-plan.ts`'s business.
 */
import {
  BridgeError,
  createProfile,
  parseConnectionString,
  validateProfile,
  type ConnectionProfile,
  type Secrets,
  type SshJumpHost,
  type ValidationIssue,
} from '@pgconnect/core';
import { lookupPgpass } from '../import/pgpass.js';
import { jumpHostSecretKind, type SecretKind } from '../store/secret-binding.js';
import type { BridgeContext } from './context.js';

export interface ResolvedTarget {
  /** The profile to dial: the request's, or for `envVar` profiles the one the variable's value describes. */
  profile: ConnectionProfile;
  secrets: Secrets;
}

/** Validation codes that mean "this bridge does not allow it", not "the profile is wrong". */
const NOT_ALLOWED_CODES: ReadonlySet<ValidationIssue['code']> = new Set(['FILE_PATH_NOT_ALLOWED', 'SERVICE_NOT_ALLOWED', 'SOCKET_NOT_ALLOWED', 'SSH_AGENT_NOT_ALLOWED']);

/**
 * libpq keywords in `extra` that read the bridge machine's files or configuration. The engine does not act on
 * `extra`, but in server mode a profile asking for them is refused rather than silently half-honoured.
 */
const SERVER_MODE_FORBIDDEN_EXTRA = ['passfile', 'service', 'sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslkeylogfile', 'krbsrvname', 'gsslib'];

export const USER_DEFINED_PREFIX = 'USER_DEFINED_';

export async function resolveTarget(bridge: BridgeContext, requested: ConnectionProfile, given: Secrets = {}): Promise<ResolvedTarget> {
  registerSecrets(bridge, given);
  checkProfile(bridge, requested);
  const fromEnv = requested.mode === 'envVar' ? profileFromEnv(bridge, requested) : undefined;
  const profile = fromEnv?.profile ?? requested;
  if (fromEnv) checkProfile(bridge, profile);
  if (!bridge.planning) refuseWithoutPlanning(profile);

  const secrets: Secrets = { ...fromEnv?.secrets, ...given };
  if (profile.auth.type === 'password' && secrets.password === undefined && fromEnv === undefined) {
    const saved = await savedSecret(bridge, profile, 'password');
    if (saved !== undefined) secrets.password = saved;
  }
  if (profile.ssl.hasSslPassword && secrets.sslpassword === undefined && fromEnv === undefined) {
    const saved = await savedSecret(bridge, profile, 'sslpassword');
    if (saved !== undefined) secrets.sslpassword = saved;
  }
  const sshAuth = profile.ssh?.enabled ? profile.ssh.auth : undefined;
  if (sshAuth?.type === 'password' && sshAuth.savePassword && secrets.sshPassword === undefined && fromEnv === undefined) {
    const saved = await savedSecret(bridge, profile, 'sshPassword');
    if (saved !== undefined) secrets.sshPassword = saved;
  }
  if (sshAuth?.type === 'privateKey' && sshAuth.savePassphrase && secrets.sshPassphrase === undefined && fromEnv === undefined) {
    const saved = await savedSecret(bridge, profile, 'sshPassphrase');
    if (saved !== undefined) secrets.sshPassphrase = saved;
  }
  const hops = profile.ssh?.enabled && fromEnv === undefined ? (profile.ssh.jumpHosts ?? []) : [];
  if (hops.length > 0) secrets.jumpHosts = await savedJumpHostSecrets(bridge, profile, hops, secrets.jumpHosts ?? []);
  if (profile.auth.type === 'pgpass' && secrets.password === undefined && bridge.mode === 'local') {
    const password = await pgpassPassword(profile);
    if (password !== undefined) secrets.password = password;
  }
  registerSecrets(bridge, secrets);
  return { profile, secrets };
}

/** Core's validator in the bridge's mode; blocking issues become one error the dialog can show field by field. */
export function checkProfile(bridge: BridgeContext, profile: ConnectionProfile): void {
  const errors = validateProfile(profile, { bridge: bridge.mode }).filter((issue) => issue.severity === 'error');
  const listed = errors.map(({ field, code, message }) => ({ field, code, message }));
  const notAllowed = errors.find((issue) => NOT_ALLOWED_CODES.has(issue.code));
  if (notAllowed) {
    throw new BridgeError('PROFILE_PARAMETER_NOT_ALLOWED', { data: { keyword: notAllowed.field, field: notAllowed.field, errors: listed } });
  }
  const envIssue = errors.find((issue) => issue.code === 'ENV_VAR_NOT_ALLOWED');
  if (envIssue) throw new BridgeError('ENV_NOT_ALLOWED', { data: { name: profile.envVar ?? '' } });
  if (errors.length > 0) throw new BridgeError('PROFILE_INVALID', { data: { errors: listed } });

  if (bridge.mode === 'server') {
    const keyword = SERVER_MODE_FORBIDDEN_EXTRA.find((k) => profile.extra !== undefined && Object.hasOwn(profile.extra, k));
    if (keyword !== undefined) throw new BridgeError('PROFILE_PARAMETER_NOT_ALLOWED', { data: { keyword, field: `extra.${keyword}` } });
  }
}

/**
 * Neosync's environment-variable mode. Only `USER_DEFINED_*` names are read (the validator has checked), and
 * the value never leaves the bridge: errors name the variable, never its content.
 */
function profileFromEnv(bridge: BridgeContext, requested: ConnectionProfile): { profile: ConnectionProfile; secrets: Secrets } {
  const name = requested.envVar ?? '';
  if (!name.startsWith(USER_DEFINED_PREFIX)) throw new BridgeError('ENV_NOT_ALLOWED', { data: { name } });
  const value = Object.hasOwn(bridge.env, name) ? bridge.env[name] : undefined;
  if (value === undefined || value === '') throw new BridgeError('ENV_NOT_DEFINED', { data: { name } });
  const parsed = parseConnectionString(value);
  if (!parsed.ok) throw new BridgeError('ENV_VALUE_INVALID', { data: { name } });
  const { id, name: profileName, scope, groupId, color, environment } = requested;
  const profile = createProfile({
    ...parsed.profile,
    id,
    name: profileName,
    scope,
    ...(groupId === undefined ? {} : { groupId }),
    ...(color === undefined ? {} : { color }),
    ...(environment === undefined ? {} : { environment }),
    mode: 'parameters',
  });
  const secrets: Secrets = {};
  if (parsed.secrets.password !== undefined) secrets.password = parsed.secrets.password;
  if (parsed.secrets.sslpassword !== undefined) secrets.sslpassword = parsed.secrets.sslpassword;
  bridge.logger.redactor.add(value);
  return { profile, secrets };
}

/**
 * Without connect plans there is no tunnel and no cloud token; connecting anyway would silently bypass the
 * tunnel or send no token, so such profiles are refused by name.
 */
function refuseWithoutPlanning(profile: ConnectionProfile): void {
  if (profile.ssh?.enabled) throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'SSH tunnels' } });
  if (profile.auth.type === 'awsIam') throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'AWS IAM authentication' } });
  if (profile.auth.type === 'entra') throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'Microsoft Entra authentication' } });
}

/**
 * A secret saved for this profile id, if it was saved for exactly this target (host, port, user, database,
 * sslmode, auth). A changed target is refused outright (security.md T13): the page must ask the user again.
 */
async function savedSecret(bridge: BridgeContext, profile: ConnectionProfile, kind: SecretKind): Promise<string | undefined> {
  let access;
  try {
    ({ secretAccess: access } = await bridge.stores());
  } catch (error) {
    // No secret store (no keychain and no key): nothing is saved, so there is nothing to use.
    bridge.logger.debug('secret store unavailable for a saved-secret lookup', { error });
    return undefined;
  }
  const lookup = await access.getSecretFor(profile, kind);
  if (lookup.found) return lookup.value.reveal();
  if (lookup.reason === 'SECRET_SAVED_NOT_APPLICABLE') {
    throw new BridgeError('SECRET_SAVED_NOT_APPLICABLE', { data: { id: profile.id } });
  }
  return undefined;
}

/** Each jump host's secrets as given, with the saved ones filled in where the hop keeps them and none was given. */
async function savedJumpHostSecrets(bridge: BridgeContext, profile: ConnectionProfile, hops: readonly SshJumpHost[], given: NonNullable<Secrets['jumpHosts']>): Promise<NonNullable<Secrets['jumpHosts']>> {
  const out: NonNullable<Secrets['jumpHosts']> = [];
  for (const [hop, { auth }] of hops.entries()) {
    const secrets = { ...given[hop] };
    if (auth.type === 'password' && auth.savePassword && secrets.password === undefined) secrets.password = await savedSecret(bridge, profile, jumpHostSecretKind(hop, 'password'));
    if (auth.type === 'privateKey' && auth.savePassphrase && secrets.passphrase === undefined) secrets.passphrase = await savedSecret(bridge, profile, jumpHostSecretKind(hop, 'passphrase'));
    out.push(secrets);
  }
  return out;
}

/** libpq's password file, for profiles that ask for it (local mode only; the validator refuses it in server mode). */
async function pgpassPassword(profile: ConnectionProfile): Promise<string | undefined> {
  if (profile.auth.type !== 'pgpass') return undefined;
  const first = profile.hosts[0];
  const lookup = await lookupPgpass(
    {
      host: first?.host ?? '',
      ...(first?.port === undefined ? {} : { port: String(first.port) }),
      dbname: profile.database ?? profile.auth.user,
      user: profile.auth.user,
    },
    // The bridge's PG* variables were cleared at start; the profile names its file or ~/.pgpass is used.
    { ...(profile.auth.passfile === undefined ? {} : { passfile: profile.auth.passfile }), env: {} },
  );
  return lookup.found ? lookup.password.reveal() : undefined;
}

function registerSecrets(bridge: BridgeContext, secrets: Secrets): void {
  const { redactor } = bridge.logger;
  redactor.add(secrets.password);
  redactor.add(secrets.sslpassword);
  redactor.add(secrets.sshPassword);
  redactor.add(secrets.sshPassphrase);
  for (const hop of secrets.jumpHosts ?? []) {
    redactor.add(hop.password);
    redactor.add(hop.passphrase);
  }
}
