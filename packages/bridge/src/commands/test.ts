/**
 * `pgconnect test [--json] <target>...`: Test Connection from a terminal or a CI job (DESIGN §6). Each target
 * — a connection string in any format core reads, or `@file.json` holding a profile — goes through the same
 * path as the dialog's Test Connection: the bridge's target checks, the connect engine's stages, then the
 * server facts (and, when asked, the effective privileges) on the open connection.
 *
 * Passwords come from the string, from PGCONNECT_PASSWORD, or from a prompt on the terminal; the SSH host's
 * password and key passphrase from PGCONNECT_SSH_PASSWORD and PGCONNECT_SSH_PASSPHRASE or the prompt, a jump
 * host's from the prompt only. Nothing this command prints — report, JSON line, error, log — carries one: all
 * of it passes through the redactor that every secret is registered with before it is used.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  BridgeError,
  createProfile,
  defaultSslFor,
  parseConnectionString,
  SSL_MODES,
  type ConnectionProfile,
  type ErrorCode,
  type ErrorData,
  type ErrorPayload,
  type HostPort,
  type PrivilegeReport,
  type Secrets,
  type ServerReport,
  type SslMode,
  type StageReport,
  type StageStatus,
  type TestStage,
} from '@pgconnect/core';
import { AwsIamAuth } from '../auth/aws-iam.js';
import { EntraAuth } from '../auth/entra.js';
import { StageRecorder } from '../connect/stages.js';
import type { Endpoint } from '../connect/types.js';
import { translateError } from '../errors/translate.js';
import { isRecord } from '../import/source-json.js';
import { readPrivileges, type PrivilegeInspection } from '../inspect/privileges.js';
import { readServerFacts, toServerReport, type ServerFactsDetail } from '../inspect/server-facts.js';
import { Logger } from '../log/logger.js';
import { Redactor } from '../log/redact.js';
import { testWithPlan, type PlanScope } from '../server/connect-plan.js';
import type { BridgeContext, PlanningServices } from '../server/context.js';
import { DEFAULT_LIMITS } from '../server/limits.js';
import { SessionTunnels } from '../server/session-tunnels.js';
import { resolveTarget, type ResolvedTarget } from '../server/target.js';
import { checkProfile } from '../store/settings-schema.js';
import { openStores } from '../store/stores.js';
import type { HostKeyPrompt, HostKeyPromptRequest } from '../tunnel/host-key-policy.js';
import { EXIT, type Command } from './command.js';
import { sshHostLabel, terminalHostKeyPrompt } from './host-key-prompt.js';
import { terminalPasswordPrompt, type PasswordPrompt } from './password-prompt.js';
import { ENTRA_CLIENT_ID_ENV } from './serve.js';

/** Where a password may come from besides the string itself (DESIGN §6). `PGPASSWORD` is deliberately not read. */
export const PASSWORD_ENV = 'PGCONNECT_PASSWORD';
/**
 * The SSH host's password and its private key's passphrase: the last hop's, `profile.ssh`. A jump host's secrets
 * are asked for on the terminal only — one variable for every hop would send one hop's password to another.
 */
export const SSH_PASSWORD_ENV = 'PGCONNECT_SSH_PASSWORD';
export const SSH_PASSPHRASE_ENV = 'PGCONNECT_SSH_PASSPHRASE';

const usage = `Usage: pgconnect test [--json] [--privileges] [--sslmode MODE] [--timeout SECONDS] [--verbose] <target>...

Tests connections the way the dialog's Test Connection does: DNS, TCP, TLS, authentication, then the server's
facts. Each <target> is a connection string in any format pgconnect reads (libpq URI or key=value, JDBC,
Npgsql/ADO.NET, a psql command line, export PG… lines, a driver snippet) or @file.json, a saved profile.

  --json             One JSON line per target: ok, code, message, hint, stages [{name, ok, ms, ...}],
                     tls {encrypted, verified, protocol, cipher}, server {version, inRecovery, user,
                     database, host, port}.
  --privileges       Also report the effective privileges (database, schemas, tables, sequences, functions).
  --sslmode MODE     Use this sslmode for every target (disable, allow, prefer, require, verify-ca, verify-full).
  --timeout SECONDS  connect_timeout for every target (per host and address; 0 waits for ever).
  --verbose          Write the connect engine's log lines (secrets removed) to standard error.

The password is taken from the target, else from ${PASSWORD_ENV}, else asked for on the terminal — only
when the server asks for one. Without a terminal the test fails with PG_PASSWORD_REQUIRED. PGPASSWORD and
~/.pgpass are never read (except for a profile that uses pgpass authentication). Passwords are never printed.

A profile file may go through an SSH tunnel ("ssh": {...}, jump hosts included). Host keys are checked against
~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts, or the profile's pinned "knownHostKey"; a key neither knows is
asked about on the terminal, as ssh does, and fails with SSH_HOST_KEY_UNKNOWN without one. AWS IAM profiles
sign their token with your AWS credentials (environment, ~/.aws files, SSO, credential_process). Microsoft
Entra profiles need ${ENTRA_CLIENT_ID_ENV} and an account signed in through the dialog.

The SSH host's password is taken from ${SSH_PASSWORD_ENV} and its private key's passphrase from
${SSH_PASSPHRASE_ENV}, else asked for on the terminal — only when the login needs one. A jump host's secrets
are only asked for on the terminal, naming the hop. Without a terminal the test fails with
SSH_PASSWORD_REQUIRED or SSH_KEY_PASSPHRASE_REQUIRED (SSH_JUMP_HOST_FAILED for a jump host). They are never
printed.

Exit status: 0 when every target connected, 1 when one did not, 2 on a usage error.
`;

interface TestArgs {
  json: boolean;
  privileges: boolean;
  verbose: boolean;
  sslmode: SslMode | undefined;
  timeoutSeconds: number | undefined;
  targets: string[];
}

/** One stage as `--json` prints it: the contract's `name`, `ok`, `ms`, and the engine's words beside them. */
export interface StageLine {
  name: TestStage;
  /** False only for a stage that failed; a skipped stage (no TLS under sslmode=disable) is not a failure. */
  ok: boolean;
  ms: number;
  status: StageStatus;
  detail?: string;
  /** The host, address or SSH hop, when there are several. */
  target?: string;
  code?: ErrorCode;
}

/** One `--json` line. Every key is always present (null when it does not apply), so `jq` filters stay simple. */
export interface TestLine {
  /** The target as given, with its secrets replaced by "[redacted]". */
  target: string;
  ok: boolean;
  code: ErrorCode | null;
  message: string;
  hint: string | null;
  stages: StageLine[];
  tls: { encrypted: boolean; verified: boolean; protocol: string | null; cipher: string | null } | null;
  server: ServerReport | null;
  /** Things worth knowing that did not stop the test (an ignored parameter, a client_encoding not applied). */
  warnings: string[];
  /** The error's details, when it has some: `errors: [{field, code, message}]` for an invalid profile. */
  data?: ErrorData;
  /** With --privileges, when they could be read: the verdict in plain words, and the report itself. */
  privileges?: { verdict: string[]; report: PrivilegeReport };
}

/** What one target turned into before any connecting: a profile with its secrets, or why there is none. */
type Prepared =
  | { ok: true; label: string; profile: ConnectionProfile; secrets: Secrets; warnings: string[] }
  | { ok: false; label: string; error: ErrorPayload };

export interface TestCommandDeps {
  /** Where PGCONNECT_PASSWORD, PGCONNECT_SSH_PASSWORD, PGCONNECT_SSH_PASSPHRASE and USER_DEFINED_* variables are read. */
  env: NodeJS.ProcessEnv;
  /** Undefined when no one can answer a prompt (standard input is not a terminal). */
  prompt: PasswordPrompt | undefined;
  /** Asks whether to trust an SSH host key nothing vouches for; undefined without a terminal. */
  hostKeyPrompt: HostKeyPrompt | undefined;
}

/** `pgconnect test` with its environment and prompt injected, so tests can drive the prompt. */
export function createTestCommand(deps: () => TestCommandDeps): Command {
  return {
    name: 'test',
    summary: 'test connections and print stages, TLS and server facts',
    usage,
    async run(argv, io) {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.writeStdout(usage);
        return EXIT.ok;
      }
      const args = parseArgs(argv);
      if (typeof args === 'string') {
        io.writeStderr(`pgconnect test: ${args}\n\n${usage}`);
        return EXIT.usage;
      }
      const logger = new Logger(new Redactor(), { write: (line) => io.writeStderr(line) }, args.verbose ? 'debug' : 'error');
      const files = await readTargetFiles(args.targets);
      if (typeof files === 'string') {
        io.writeStderr(`pgconnect test: ${files}\n`);
        return EXIT.usage;
      }
      const given = deps();
      const cli = cliBridge(logger, given.env, given.hostKeyPrompt);
      const context = { ...given, logger, args, scope: cli.scope };
      let connected = 0;
      try {
        for (const [i, target] of args.targets.entries()) {
          const prepared = prepareTarget(target, files.get(i), args, logger);
          const line = prepared.ok ? await runTest(prepared, context, `target-${i + 1}`) : failureLine(prepared.label, prepared.error, [], []);
          // Once more through the redactor, whole: a secret registered late (a prompted password) is caught too.
          const safe = logger.redactor.value(line) as TestLine;
          io.writeStdout(args.json ? `${JSON.stringify(safe)}\n` : humanReport(safe, prepared.ok ? prepared.profile.ssl.sslmode : undefined, i > 0));
          if (safe.ok) connected += 1;
        }
      } finally {
        await cli.close();
      }
      if (!args.json && args.targets.length > 1) io.writeStdout(`\n${connected} of ${args.targets.length} targets connected.\n`);
      return connected === args.targets.length ? EXIT.ok : EXIT.failed;
    },
  };
}

export const testCommand: Command = createTestCommand(() => ({ env: process.env, prompt: terminalPasswordPrompt(), hostKeyPrompt: terminalHostKeyPrompt() }));

function parseArgs(argv: readonly string[]): TestArgs | string {
  const out: TestArgs = { json: false, privileges: false, verbose: false, sslmode: undefined, timeoutSeconds: undefined, targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.targets.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      out.targets.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        out.json = true;
        break;
      case '--privileges':
        out.privileges = true;
        break;
      case '--verbose':
        out.verbose = true;
        break;
      case '--sslmode': {
        const mode = value();
        if (!SSL_MODES.includes(mode as SslMode)) return `--sslmode needs one of ${SSL_MODES.join(', ')}, got ${mode ?? 'nothing'}`;
        out.sslmode = mode as SslMode;
        break;
      }
      case '--timeout': {
        const text = value();
        if (text === undefined || !/^\d+$/.test(text) || Number(text) > 3_600) return `--timeout needs whole seconds from 0 to 3600, got ${text ?? 'nothing'}`;
        out.timeoutSeconds = Number(text);
        break;
      }
      default:
        return `unknown option ${flag}`;
    }
  }
  if (out.targets.length === 0) return 'name at least one target (a connection string or @file.json)';
  return out;
}

/** Reads every @file first: a file that is not there is a mistake in the command line, found before any test runs. */
async function readTargetFiles(targets: readonly string[]): Promise<Map<number, string> | string> {
  const files = new Map<number, string>();
  for (const [i, target] of targets.entries()) {
    if (!target.startsWith('@')) continue;
    const path = target.slice(1);
    try {
      files.set(i, await readFile(path, 'utf8'));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      return `cannot read ${target}: ${reason}`;
    }
  }
  return files;
}

function prepareTarget(target: string, fileText: string | undefined, args: TestArgs, logger: Logger): Prepared {
  const prepared = fileText === undefined ? fromConnectionString(target, logger) : fromProfileFile(target, fileText);
  if (!prepared.ok) return prepared;
  const { profile } = prepared;
  return {
    ...prepared,
    profile: {
      ...profile,
      ssl: args.sslmode === undefined ? profile.ssl : { ...profile.ssl, sslmode: args.sslmode },
      client: args.timeoutSeconds === undefined ? profile.client : { ...profile.client, connectTimeoutSeconds: args.timeoutSeconds },
    },
  };
}

function fromConnectionString(text: string, logger: Logger): Prepared {
  const parsed = parseConnectionString(text);
  if (parsed.ok) {
    // Registered before the label is made: a key=value password or an Npgsql Password= must not show in it.
    logger.redactor.add(parsed.secrets.password);
    logger.redactor.add(parsed.secrets.sslpassword);
    for (const value of Object.values(parsed.secrets.keywords ?? {})) logger.redactor.add(value);
  }
  const label = logger.redactor.text(text.trim());
  if (!parsed.ok) {
    const { code, message, position, hint } = parsed.error;
    const error = new BridgeError(code as ErrorCode, { message: `${message} (at character ${position + 1})`, ...(hint === undefined ? {} : { hint }) });
    return { ok: false, label, error: error.toJSON() };
  }
  const secrets: Secrets = {};
  if (parsed.secrets.password !== undefined) secrets.password = parsed.secrets.password;
  if (parsed.secrets.sslpassword !== undefined) secrets.sslpassword = parsed.secrets.sslpassword;
  // The user typed the password in on purpose; the dialog's "password in the string" advice is noise here.
  const warnings = parsed.warnings.filter((w) => w.code !== 'PASSWORD_IN_STRING').map((w) => w.message);
  return { ok: true, label, profile: createProfile({ ...parsed.profile, name: 'pgconnect test' }), secrets, warnings };
}

/**
 * A profile as the dialog saves and exports it. A hand-written file may leave out what the dialog fills in —
 * id, name, scope, mode, the client settings and the secure sslmode default for its hosts — and gets those
 * defaults; everything it does say is checked with core's schema, unknown keys included.
 */
function fromProfileFile(label: string, text: string): Prepared {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, label, error: profileInvalid(label, '', `not valid JSON: ${(error as Error).message}`) };
  }
  if (!isRecord(json)) return { ok: false, label, error: profileInvalid(label, '', 'must hold one profile (a JSON object)') };
  const defaults = createProfile({ name: basename(label.slice(1)).replace(/\.json$/i, '') });
  const hosts = json.hosts;
  const hostsLookRight = Array.isArray(hosts) && hosts.every((h) => isRecord(h) && typeof h.host === 'string');
  const completed: Record<string, unknown> = {
    id: defaults.id,
    name: defaults.name,
    scope: defaults.scope,
    mode: 'parameters',
    ...json,
    client: isRecord(json.client) ? { ...defaults.client, ...json.client } : (json.client ?? defaults.client),
    ...(json.ssl === undefined && hostsLookRight && { ssl: defaultSslFor(hosts as HostPort[]) }),
  };
  const checked = checkProfile(completed, []);
  if (!checked.ok) return { ok: false, label, error: profileInvalid(label, checked.problem.path.map(String).join('.'), checked.problem.reason) };
  return { ok: true, label, profile: checked.value, secrets: {}, warnings: [] };
}

function profileInvalid(label: string, field: string, message: string): ErrorPayload {
  return new BridgeError('PROFILE_INVALID', {
    message: `${label} does not hold a valid connection profile.`,
    hint: 'The file holds one profile as the dialog saves it ({"hosts": [{"host": …, "port": …}], "database": …, "auth": {"type": "password", "user": …}, "ssl": {"sslmode": …}, …}).',
    data: { errors: [{ field, code: 'SCHEMA', message }] },
  }).toJSON();
}

interface RunContext extends TestCommandDeps {
  logger: Logger;
  args: TestArgs;
  scope: PlanScope;
}

/**
 * The CLI as a local-mode bridge with one session: the same target checks, environment-variable profiles,
 * pgpass, SSH tunnels and cloud tokens as `connection.test` (`testWithPlan`) — but no saved secrets. Opening the
 * keychain (or creating the encrypted file's key) is not something a quick test should do; the password comes
 * from the target, the environment or the prompt. Host key questions go to the terminal, when there is one.
 */
function cliBridge(logger: Logger, env: NodeJS.ProcessEnv, hostKeyPrompt: HostKeyPrompt | undefined): { scope: PlanScope; close(): Promise<void> } {
  let aws: AwsIamAuth | undefined;
  let entra: Promise<EntraAuth> | undefined;
  const planning: PlanningServices = {
    // One run, one try: a tunnel cut during a test fails the test rather than coming back behind it.
    ssh: { reconnect: false },
    aws: () => (aws ??= new AwsIamAuth({ logger, env })),
    entra() {
      const clientId = env[ENTRA_CLIENT_ID_ENV]?.trim();
      if (!clientId) return Promise.reject(new BridgeError('ENTRA_NOT_CONFIGURED'));
      // The accounts signed in through the dialog live in the token cache of the user's secret store.
      entra ??= openStores({ env }).then(({ secretBackend }) => new EntraAuth({ clientId, logger, ...(secretBackend === undefined ? {} : { secretBackend }) }));
      return entra;
    },
  };
  const bridge: BridgeContext = {
    mode: 'local',
    logger,
    limits: DEFAULT_LIMITS,
    targetPolicy: undefined,
    homeDir: undefined,
    env,
    bridgeVersion: PACKAGE_VERSION,
    stores: () => Promise.reject(new BridgeError('SECRET_KEYCHAIN_UNAVAILABLE', { message: 'pgconnect test does not read saved secrets.' })),
    planning,
  };
  const questions = hostKeyPrompt && { ask: trustedForTheRun(hostKeyPrompt), cancelAll: () => undefined };
  const tunnels = new SessionTunnels(bridge, logger, questions);
  return {
    scope: { bridge, logger, connections: { tunnels } },
    async close() {
      await tunnels.closeAll();
      await entra?.then((auth) => auth.close(), () => undefined);
    },
  };
}

/**
 * A key the user trusted stays trusted for the rest of the run: a retry with a typed SSH secret opens a new
 * tunnel, and its hops are not asked about again. Nothing is written to known_hosts.
 */
function trustedForTheRun(hostKeyPrompt: HostKeyPrompt): (requestId: string, request: HostKeyPromptRequest) => Promise<boolean> {
  const trusted = new Set<string>();
  return async (_requestId, request) => {
    const key = `${request.host}:${request.port} ${request.fingerprint}`;
    if (trusted.has(key)) return true;
    const answer = await hostKeyPrompt(request);
    if (answer) trusted.add(key);
    return answer;
  };
}

async function runTest(prepared: Extract<Prepared, { ok: true }>, context: RunContext, requestId: string): Promise<TestLine> {
  const { logger, env, prompt, args, scope } = context;
  let target: ResolvedTarget;
  try {
    target = await resolveTarget(scope.bridge, prepared.profile, withEnvSecrets(prepared.secrets, env));
  } catch (error) {
    const failure = error instanceof BridgeError ? error : new BridgeError('BRIDGE_INTERNAL_ERROR', { cause: error });
    const payload = failure.code === 'PROFILE_INVALID' && !prepared.label.startsWith('@') ? { ...failure.toJSON(), hint: STRING_INVALID_HINT } : failure.toJSON();
    return failureLine(prepared.label, payload, [], prepared.warnings);
  }
  const { profile } = target;

  // The server (or the SSH login) decides whether a secret is needed. Like psql and ssh, the first attempt goes
  // without asking; only when one was needed and none was given is the user prompted, once per secret, and the
  // test runs again. Prompting inside the attempt would let the connect timeout run out while the user types.
  // A cloud token replaces the password provider (the plan's comes last). The tunnel is held across attempts
  // with the same SSH secrets, so a retry for the database password does not log in to SSH again.
  let asked = false;
  const attempt = (current: ResolvedTarget) => {
    asked = false;
    return testWithPlan(scope, requestId, current, {
      logger,
      password: () => {
        asked = true;
        return current.secrets.password;
      },
    });
  };
  const lease = (secrets: Secrets) => (profile.ssh?.enabled ? scope.connections.tunnels.lease(profile.ssh, secrets, requestId) : undefined);
  let held = lease(target.secrets);
  const prompted = new Set<string>();
  let outcome;
  try {
    for (;;) {
      outcome = await attempt(target);
      if (outcome.ok || !prompt) break;
      const missing = missingSecret(outcome.error, profile, target.secrets, asked);
      if (missing === undefined || prompted.has(missing.id)) break;
      prompted.add(missing.id);
      const typed = await prompt(missing.question);
      if (!typed) break;
      logger.redactor.add(typed);
      target = { profile, secrets: missing.fill(target.secrets, typed) };
      // Leased before the old one is let go: with the same SSH secrets it is the same tunnel, still open.
      const next = lease(target.secrets);
      held?.release();
      held = next;
    }
  } finally {
    // testWithPlan holds the tunnel for as long as a connected client needs it.
    held?.release();
  }
  if (!outcome.ok) {
    const hint = terminalHint(outcome.error, profile);
    return failureLine(prepared.label, hint === undefined ? outcome.error : { ...outcome.error, hint }, outcome.stages, prepared.warnings);
  }

  const { client, endpoint } = outcome;
  client.on('error', (error) => logger.debug('test connection error after connect', { error }));
  const stages = new StageRecorder(undefined, (text) => logger.redactor.text(text));
  try {
    const facts = await optionalStage(stages, 'facts', () => readServerFacts(client), (f: ServerFactsDetail) => `PostgreSQL ${f.version}${f.inRecovery ? ', standby' : ''}, ${f.currentUser}@${f.database}`);
    const privileges = args.privileges ? await optionalStage(stages, 'privileges', () => readPrivileges(client), (p: PrivilegeInspection) => p.summary.verdict[0] ?? 'privileges read') : undefined;
    return successLine(prepared.label, endpoint, facts, privileges, [...outcome.stages, ...stages.reports], [...prepared.warnings, ...outcome.warnings]);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The target's own secrets, with the environment's filling what it left out. */
function withEnvSecrets(secrets: Secrets, env: NodeJS.ProcessEnv): Secrets {
  const filled: Secrets = { ...secrets };
  const fill = (key: 'password' | 'sshPassword' | 'sshPassphrase', name: string) => {
    const value = env[name];
    if (filled[key] === undefined && value) filled[key] = value;
  };
  fill('password', PASSWORD_ENV);
  fill('sshPassword', SSH_PASSWORD_ENV);
  fill('sshPassphrase', SSH_PASSPHRASE_ENV);
  return filled;
}

/** A secret a person at the terminal can give: which one (each is asked for once), the question, and where it goes. */
interface MissingSecret {
  id: string;
  question: string;
  fill(secrets: Secrets, typed: string): Secrets;
}

/** The database password the server asked for, or an SSH hop's password or key passphrase that its login needs. */
function missingSecret(error: ErrorPayload, profile: ConnectionProfile, secrets: Secrets, serverAsked: boolean): MissingSecret | undefined {
  if (error.code === 'PG_PASSWORD_REQUIRED') {
    if (!serverAsked || secrets.password !== undefined) return undefined;
    return { id: 'password', question: `Password for ${describeLogin(profile)}: `, fill: (given, typed) => ({ ...given, password: typed }) };
  }
  const need = sshSecretNeed(error, profile);
  if (need === undefined) return undefined;
  const where = need.jumpHost === undefined ? '' : ` (jump host ${need.jumpHost + 1})`;
  const question =
    need.kind === 'password'
      ? `SSH password for ${need.login}${where}: `
      : `Passphrase for ${need.keyPath === undefined ? `the pasted key of ${need.login}` : `key ${need.keyPath}`}${where}: `;
  return { id: `ssh-${need.kind}-${need.jumpHost ?? 'host'}`, question, fill: (given, typed) => withSshSecret(given, need, typed) };
}

/** The SSH secret a hop's login could not go without, and which hop: a jump host by its index, or the SSH host. */
interface SshSecretNeed {
  kind: 'password' | 'passphrase';
  jumpHost: number | undefined;
  /** `user@host:port` of the hop. */
  login: string;
  /** The private key file, as the profile names it; undefined for a pasted key. */
  keyPath: string | undefined;
}

/**
 * SSH_PASSWORD_REQUIRED and SSH_KEY_PASSPHRASE_REQUIRED name their hop in `data.hop` (0 is the first jump host);
 * on a jump host they arrive as SSH_JUMP_HOST_FAILED with the code in `data.reason`.
 */
function sshSecretNeed(error: ErrorPayload, profile: ConnectionProfile): SshSecretNeed | undefined {
  const ssh = profile.ssh;
  if (!ssh?.enabled) return undefined;
  const code = error.code === 'SSH_JUMP_HOST_FAILED' ? error.data?.['reason'] : error.code;
  const kind = code === 'SSH_PASSWORD_REQUIRED' ? 'password' : code === 'SSH_KEY_PASSPHRASE_REQUIRED' ? 'passphrase' : undefined;
  if (kind === undefined) return undefined;
  const jumps = ssh.jumpHosts ?? [];
  const hopIndex = error.data?.['hop'];
  const jumpHost = typeof hopIndex === 'number' && hopIndex < jumps.length ? hopIndex : undefined;
  const hop = jumpHost === undefined ? ssh : jumps[jumpHost]!;
  const keyPath = hop.auth.type === 'privateKey' && 'path' in hop.auth.key ? hop.auth.key.path : undefined;
  return { kind, jumpHost, login: `${hop.user}@${hop.host}:${hop.port}`, keyPath };
}

function withSshSecret(secrets: Secrets, need: SshSecretNeed, typed: string): Secrets {
  if (need.jumpHost === undefined) return need.kind === 'password' ? { ...secrets, sshPassword: typed } : { ...secrets, sshPassphrase: typed };
  const given = secrets.jumpHosts ?? [];
  const jumpHosts = Array.from({ length: Math.max(given.length, need.jumpHost + 1) }, (_, i) => ({ ...given[i] }));
  jumpHosts[need.jumpHost] = { ...jumpHosts[need.jumpHost], [need.kind]: typed };
  return { ...secrets, jumpHosts };
}

/** The table's hints speak of the dialog's fields; from a terminal, the fix is a variable, a terminal or the file. */
function terminalHint(error: ErrorPayload, profile: ConnectionProfile): string | undefined {
  if (error.code === 'PG_PASSWORD_REQUIRED') return NO_PASSWORD_HINT;
  if (error.code === 'SSH_HOST_KEY_UNKNOWN') return unknownHostKeyHint(profile, error.data);
  const need = sshSecretNeed(error, profile);
  return need && noSshSecretHint(need);
}

function noSshSecretHint(need: SshSecretNeed): string {
  const agent = 'Or let ssh-agent log in, with the key already unlocked: "auth": {"type": "agent"}.';
  if (need.jumpHost !== undefined) {
    const what = need.kind === 'password' ? 'an SSH password' : 'the passphrase of its private key';
    return (
      `Jump host ${need.jumpHost + 1} (${need.login}) needs ${what}, and a jump host's secrets are only asked for on the ` +
      `terminal (${SSH_PASSWORD_ENV} and ${SSH_PASSPHRASE_ENV} are the SSH host's): run pgconnect test in a terminal. ${agent}`
    );
  }
  if (need.kind === 'password') return `The SSH login ${need.login} needs a password. Put it in ${SSH_PASSWORD_ENV}, or run pgconnect test in a terminal to be asked for it.`;
  return `The SSH private key for ${need.login} is encrypted. Put its passphrase in ${SSH_PASSPHRASE_ENV}, or run pgconnect test in a terminal to be asked for it. ${agent}`;
}

/** The error table speaks of the dialog's form; from a terminal, the fix is in the string. */
const STRING_INVALID_HINT = 'Add or correct these settings in the connection string, for example user=… or dbname=….';

const NO_PASSWORD_HINT = `The server asks for a password. Put it in the connection string or in ${PASSWORD_ENV}, or run pgconnect test in a terminal to be asked for it. PGPASSWORD and ~/.pgpass are not read.`;

/**
 * No terminal, so no one to ask: how to pin the key the server presented, in the profile file (the hop's
 * `knownHostKey`) or in known_hosts, once its fingerprint has been checked with the server's administrator.
 */
function unknownHostKeyHint(profile: ConnectionProfile, data: ErrorData | undefined): string {
  const fingerprint = typeof data?.['fingerprint'] === 'string' ? data['fingerprint'] : 'SHA256:…';
  const host = typeof data?.['host'] === 'string' ? data['host'] : (profile.ssh?.host ?? '');
  const port = typeof data?.['port'] === 'number' ? data['port'] : (profile.ssh?.port ?? 22);
  const hop = typeof data?.['hop'] === 'number' ? data['hop'] : undefined;
  const where = hop !== undefined && hop < (profile.ssh?.jumpHosts?.length ?? 0) ? `to jump host ${hop + 1} in "ssh"."jumpHosts"` : 'to "ssh"';
  return (
    `There is no terminal to ask whether to trust this key. Check ${fingerprint} with the server's administrator ` +
    '(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the server), then pin it: add ' +
    `"knownHostKey": "${fingerprint}" ${where} in the profile file, or add the key of ${sshHostLabel(host, port)} to ` +
    `~/.ssh/known_hosts (ssh-keyscan -p ${port} ${host}, and compare before you append it). ` +
    'Or run pgconnect test in a terminal to be asked.'
  );
}

function describeLogin(profile: ConnectionProfile): string {
  const host = profile.hosts[0];
  const user = profile.auth.user ?? '';
  const where = host ? `${host.host || 'localhost'}${host.port === undefined ? '' : `:${host.port}`}` : 'the server';
  return user === '' ? where : `${user}@${where}`;
}

/**
 * Facts and privileges are read on a connection that works: a failure there is shown on its own stage and the
 * test still counts as connected, as in the dialog.
 */
async function optionalStage<T>(stages: StageRecorder, stage: 'facts' | 'privileges', fn: () => Promise<T>, detail: (value: T) => string): Promise<T | undefined> {
  try {
    return await stages.run(stage, undefined, fn, { detail, translate: (error) => translateError(error, { stage: 'ready' }) });
  } catch {
    return undefined;
  }
}

function stageLines(reports: readonly StageReport[]): StageLine[] {
  return reports.map(({ stage, status, ms, detail, target, code }) => ({
    name: stage,
    ok: status !== 'failed',
    ms,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(target === undefined ? {} : { target }),
    ...(code === undefined ? {} : { code }),
  }));
}

function successLine(
  label: string,
  endpoint: Endpoint,
  facts: ServerFactsDetail | undefined,
  privileges: PrivilegeInspection | undefined,
  stages: readonly StageReport[],
  warnings: string[],
): TestLine {
  const { tls } = endpoint;
  return {
    target: label,
    ok: true,
    code: null,
    message: facts ? `Connected to PostgreSQL ${facts.version} as ${facts.currentUser}.` : `Connected to ${endpoint.host}:${endpoint.port}.`,
    hint: null,
    stages: stageLines(stages),
    tls: { encrypted: tls.encrypted, verified: tls.verified, protocol: tls.protocol ?? null, cipher: tls.cipher ?? null },
    server: facts ? toServerReport(facts, { host: endpoint.host, port: endpoint.port }) : null,
    warnings,
    ...(privileges && { privileges: { verdict: privileges.summary.verdict, report: privileges.report } }),
  };
}

function failureLine(label: string, error: ErrorPayload, stages: readonly StageReport[], warnings: string[]): TestLine {
  return {
    target: label,
    ok: false,
    code: error.code,
    message: error.message,
    hint: error.hint ?? null,
    stages: stageLines(stages),
    tls: null,
    server: null,
    warnings,
    ...(error.data === undefined ? {} : { data: error.data }),
  };
}

const MARK: Record<StageStatus, string> = { ok: '✓', failed: '✗', skipped: '–', running: '…' };

/** The report for people: the stages with their times, TLS in plain words, the server, and what to do on failure. */
function humanReport(line: TestLine, sslmode: SslMode | undefined, separate: boolean): string {
  const out: string[] = separate ? [''] : [];
  out.push(`${line.ok ? '✓' : '✗'} ${line.target}`);
  const nameWidth = Math.max(0, ...line.stages.map((s) => s.name.length));
  const msWidth = Math.max(0, ...line.stages.map((s) => String(s.ms).length));
  for (const stage of line.stages) {
    const where = stage.target === undefined ? '' : ` [${stage.target}]`;
    const detail = stage.detail === undefined ? '' : `  ${stage.detail}`;
    out.push(`    ${MARK[stage.status]} ${stage.name.padEnd(nameWidth)} ${String(stage.ms).padStart(msWidth)} ms${where}${detail}`);
  }
  if (line.tls) out.push(`  TLS:     ${describeTls(line.tls, sslmode)}`);
  if (line.server) {
    const s = line.server;
    out.push(`  Server:  PostgreSQL ${s.version}${s.inRecovery ? ' (standby, in recovery)' : ' (primary)'} at ${s.host}:${s.port}`);
    out.push(`  Session: user ${s.user}, database ${s.database}`);
  }
  for (const verdict of line.privileges?.verdict ?? []) out.push(`  Access:  ${verdict}`);
  for (const warning of line.warnings) out.push(`  Note:    ${warning}`);
  if (line.ok) {
    out.push(`  ${line.message}`);
  } else {
    out.push(`  Error:   ${line.message} (${line.code})`);
    for (const issue of fieldErrors(line.data)) out.push(`           ${issue}`);
    if (line.hint !== null) out.push(`  Hint:    ${line.hint}`);
  }
  return `${out.join('\n')}\n`;
}

/** `data.errors` of an invalid profile, one "field: message" each. */
function fieldErrors(data: ErrorData | undefined): string[] {
  const errors = data?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e: Readonly<Record<string, string>> | string) => (typeof e === 'string' ? e : `${e.field ? `${e.field}: ` : ''}${e.message ?? e.code ?? ''}`));
}

/** "encrypted, server verified (verify-full), TLSv1.3 TLS_AES_256_GCM_SHA384" and its weaker siblings. */
export function describeTls(tls: NonNullable<TestLine['tls']>, sslmode: SslMode | undefined): string {
  const mode = sslmode === undefined ? '' : ` (${sslmode})`;
  if (!tls.encrypted) return `NOT encrypted${mode}`;
  const verification = !tls.verified
    ? 'server NOT verified'
    : sslmode === 'verify-full'
      ? 'server verified'
      : 'server certificate verified, host name not checked';
  const cipher = [tls.protocol, tls.cipher].filter((part) => part !== null).join(' ');
  return `encrypted, ${verification}${mode}${cipher === '' ? '' : `, ${cipher}`}`;
}

const PACKAGE_VERSION = readPackageVersion();

function readPackageVersion(): string {
  try {
    // src/commands and dist/commands are both two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
