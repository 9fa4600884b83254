/**
 * What the connect engine needs beyond the profile and its secrets: the SSH tunnel (`tunnel`) and a cloud
 * token as the password (`password`). `resolveConnectOptions` decides both for a profile, in the session it
 * runs for:
 *
 * - SSH: the session's tunnel for the profile's hops (`session-tunnels.ts`), leased for as long as the caller
 *   needs it. A first-use host key becomes `event.ssh.hostKey` on behalf of the waiting request and is answered
 *   by `ssh.hostKey.confirm`.
 * - AWS IAM: `AwsIamAuth.passwordProvider`, which refuses hosts and sslmodes that may not get a token before
 *   any AWS call; every signed token's expiry goes to `onToken` (`event.token.refreshed`).
 * - Microsoft Entra: `EntraAuth.passwordProvider`, the same way; or, when the page signed in itself and sent
 *   `secrets.entraToken`, that token (`auth/entra/page-token.ts`), checked against the same host policy. A
 *   bridge without an Entra client id still accepts a page token, for the clouds' own PostgreSQL hosts.
 *
 * Everything that can refuse the profile runs before the tunnel is leased, so a refused profile opens nothing.
 */
import { BridgeError, type ConnectionProfile, type ConnectSecrets, type ErrorPayload } from '@pgconnect/core';
import type { TokenIssued } from '../auth/aws-iam.js';
import { pageTokenPassword, type PageTokenPolicy } from '../auth/entra/page-token.js';
import { CLOUD_TOKEN_REDACTION_MS, connect } from '../connect/connect.js';
import { testConnection, type TestConnectionOptions, type TestConnectionOutcome } from '../connect/test-connection.js';
import type { ConnectOptions, Connected, PasswordProvider } from '../connect/types.js';
import type { Logger } from '../log/logger.js';
import type { BridgeContext, PlanningServices } from './context.js';
import type { SessionTunnels, TunnelLease } from './session-tunnels.js';
import type { ResolvedTarget } from './target.js';

export interface ConnectPlanContext {
  readonly bridge: BridgeContext;
  /** The session's tunnels; the plan leases one when the profile has SSH on. */
  readonly tunnels: SessionTunnels;
  /** The request a host key question is shown for. */
  readonly requestId: string;
  /** Each cloud token issued for this plan's connections: its provider and expiry, never the token. */
  readonly onToken?: (token: TokenIssued) => void;
}

export interface ConnectPlan {
  /** To spread into `connect()` / `testConnection()` options. */
  readonly options: Pick<ConnectOptions, 'tunnel' | 'password' | 'passwordIsToken'>;
  /** The leased tunnel, when the profile goes through SSH. */
  readonly tunnel: TunnelLease | undefined;
  /** Gives the tunnel back (the last user closes it). Idempotent; a plan without a tunnel has nothing to give back. */
  release(): void;
}

export async function resolveConnectOptions(profile: ConnectionProfile, secrets: ConnectSecrets, ctx: ConnectPlanContext): Promise<ConnectPlan> {
  const password = await cloudPassword(profile, secrets, ctx);
  const lease = profile.ssh?.enabled ? ctx.tunnels.lease(profile.ssh, secrets, ctx.requestId) : undefined;
  return {
    options: {
      ...(lease === undefined ? {} : { tunnel: lease.tunnel.factory }),
      // Every provider here hands out cloud tokens.
      ...(password === undefined ? {} : { password, passwordIsToken: true }),
    },
    tunnel: lease,
    release: () => lease?.release(),
  };
}

/** The token provider for cloud authentication; undefined for every other auth type (the engine uses `secrets.password`). */
async function cloudPassword(profile: ConnectionProfile, secrets: ConnectSecrets, ctx: ConnectPlanContext): Promise<PasswordProvider | undefined> {
  const onToken = ctx.onToken === undefined ? {} : { onToken: ctx.onToken };
  const pageToken = secrets.entraToken;
  if (pageToken !== undefined) {
    ctx.bridge.logger.redactor.add(pageToken, { forMs: CLOUD_TOKEN_REDACTION_MS });
    return pageTokenPassword(profile, pageToken, profile.auth.type === 'entra' ? await pageTokenPolicy(ctx.bridge) : {}, onToken);
  }
  switch (profile.auth.type) {
    case 'awsIam':
      return planning(ctx.bridge).aws().passwordProvider(profile, onToken);
    case 'entra':
      return (await planning(ctx.bridge).entra()).passwordProvider(profile, onToken);
    default:
      return undefined;
  }
}

/** The configured cloud and allowlist; a bridge without an Entra client id takes the token's cloud, no extra hosts. */
async function pageTokenPolicy(bridge: BridgeContext): Promise<PageTokenPolicy> {
  try {
    const entra = await planning(bridge).entra();
    return { cloud: entra.cloud, allowedHost: (host) => entra.allowsHost(host) };
  } catch (error) {
    if (error instanceof BridgeError && error.code === 'ENTRA_NOT_CONFIGURED') return {};
    throw error;
  }
}

/** The bridge's tunnel and token services; `resolveTarget` has refused cloud profiles where there are none. */
function planning(bridge: BridgeContext): PlanningServices {
  if (!bridge.planning) throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'cloud authentication' } });
  return bridge.planning;
}

/**
 * What a plan needs of the session it runs for: the bridge, the logger and the session's tunnels. A
 * `SessionScope` is one; `pgconnect test` makes its own, with the terminal answering host key questions.
 */
export interface PlanScope {
  readonly bridge: BridgeContext;
  readonly logger: Logger;
  readonly connections: { readonly tunnels: SessionTunnels };
}

/**
 * Test Connection through the profile's plan, for a request of the session. The tunnel is held until the
 * returned client ends (the caller inspects the server through it first), or given back at once on failure.
 * A profile the plan refuses is a failed test, like any other failure.
 */
export async function testWithPlan(scope: PlanScope, requestId: string, target: ResolvedTarget, options: TestConnectionOptions): Promise<TestConnectionOutcome> {
  let plan: ConnectPlan;
  try {
    plan = await resolveConnectOptions(target.profile, target.secrets, planContext(scope, requestId));
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error;
    return { ok: false, error: scope.logger.redactor.value(error.toJSON()) as ErrorPayload, stages: [] };
  }
  const outcome = await testConnection(target.profile, target.secrets, { ...options, ...plan.options });
  if (outcome.ok) outcome.client.once('end', () => plan.release());
  else plan.release();
  return outcome;
}

/** A one-off connection (the database picker) through the profile's plan; the tunnel is held until the client ends. */
export async function connectWithPlan(scope: PlanScope, requestId: string, target: ResolvedTarget, options: ConnectOptions): Promise<Connected> {
  const plan = await resolveConnectOptions(target.profile, target.secrets, planContext(scope, requestId));
  try {
    const connected = await connect(target.profile, target.secrets, { ...options, ...plan.options });
    connected.client.once('end', () => plan.release());
    return connected;
  } catch (error) {
    plan.release();
    throw error;
  }
}

/** A test or a one-off connection has no connectionId, so its token expiries are not pushed. */
function planContext(scope: PlanScope, requestId: string): ConnectPlanContext {
  return { bridge: scope.bridge, tunnels: scope.connections.tunnels, requestId };
}
