/**
 * `connect(profile, secrets)`: an open pg.Client reached with libpq's semantics — the host list, sslmode with
 * its fallbacks, the certificate rules, connect_timeout per address, target_session_attrs — none of which
 * node-postgres implements itself. Secrets are registered with the logger's redactor before anything runs.
 */
import { BridgeError, type ConnectionProfile, type Secrets } from '@pgconnect/core';
import { Logger } from '../log/logger.js';
import type { AttemptContext } from './attempt.js';
import { connectHosts } from './multihost.js';
import { buildPlan, defaultHomeDir } from './plan.js';
import { StageRecorder } from './stages.js';
import { DEFAULT_TARGET_POLICY } from './target-policy.js';
import type { ConnectOptions, Connected, PasswordProvider } from './types.js';

/**
 * How long the redactor keeps a cloud token it was given: longer than an RDS IAM token (15 minutes) or an Entra
 * access token (60–90 minutes) is valid. Every pooled connection gets a new one, so keeping them for the
 * bridge's life would grow without end; their shapes are also redacted by pattern (log/redact.ts).
 */
export const CLOUD_TOKEN_REDACTION_MS = 2 * 60 * 60 * 1000;

export async function connect(profile: ConnectionProfile, secrets: Secrets = {}, options: ConnectOptions = {}): Promise<Connected> {
  const logger = options.logger ?? new Logger();
  return connectRecorded(profile, secrets, options, new StageRecorder(options.onStage, (t) => logger.redactor.text(t)));
}

/** `connect` with the caller's stage recorder, so Test Connection can keep the reports. */
export async function connectRecorded(profile: ConnectionProfile, secrets: Secrets, options: ConnectOptions, stages: StageRecorder): Promise<Connected> {
  const logger = (options.logger ?? new Logger()).child({ component: 'connect', profileId: profile.id });
  logger.redactor.add(secrets.password);
  logger.redactor.add(secrets.sslpassword);
  const signal = options.signal ?? new AbortController().signal;

  try {
    const plan = await buildPlan(profile, {
      homeDir: options.homeDir === undefined ? defaultHomeDir() : options.homeDir,
      systemCaFile: options.systemCaFile,
      sslpassword: secrets.sslpassword,
    });
    logger.debug('connecting', {
      hosts: plan.hosts.map((h) => `${h.host}:${h.port}${h.hostaddr ? ` (${h.hostaddr})` : ''}`),
      sslmode: plan.tls.sslmode,
      targetSessionAttrs: plan.targetSessionAttrs,
      timeoutMs: plan.timeoutMs ?? 'none',
    });
    const provider: PasswordProvider = options.password ?? (() => secrets.password);
    const ctx: AttemptContext = {
      plan,
      stages,
      password: async (target) => {
        const password = await provider(target);
        // Whatever a provider returns is a secret too; a cloud token only for as long as it could be used.
        logger.redactor.add(password, options.passwordIsToken === true ? { forMs: CLOUD_TOKEN_REDACTION_MS } : {});
        return password;
      },
      tunnel: options.tunnel,
      policy: options.targetPolicy ?? DEFAULT_TARGET_POLICY,
    };
    const reached = await connectHosts(ctx, signal, options.random ?? Math.random);
    const { client, endpoint } = reached;
    logger.info('connected', { host: endpoint.host, port: endpoint.port, address: endpoint.address, tls: endpoint.tls });
    const warnings = [...plan.warnings, ...reached.warnings];
    for (const warning of warnings) logger.warn(warning);
    return { client, endpoint, warnings };
  } catch (error) {
    const failure = error instanceof BridgeError ? error : new BridgeError('BRIDGE_INTERNAL_ERROR', { cause: error });
    logger.info('connect failed', { code: failure.code, data: failure.data, cause: failure.cause });
    throw failure;
  }
}
