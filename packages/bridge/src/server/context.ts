/**
 * What protocol handlers get to work with: the bridge-wide context (mode, stores, logger, limits) and the
 * session they answer for (its pushes, its connections, its connect slots). Handlers never see the socket.
 */
import type { BridgeEvent } from '@pgconnect/core';
import type { AwsIamAuth } from '../auth/aws-iam.js';
import type { EntraAuth } from '../auth/entra.js';
import type { TargetPolicy } from '../connect/target-policy.js';
import type { Logger } from '../log/logger.js';
import type { OpenedStores } from '../store/stores.js';
import type { BackoffPolicy } from '../tunnel/reconnect.js';
import type { BridgeLimits } from './limits.js';
import type { SessionConnections } from './pools.js';

/** How the bridge's SSH tunnels check host keys and hold on (`createBridge({ ssh })`). */
export interface BridgeSshOptions {
  /** known_hosts files, read in order and never written. Default `~/.ssh/known_hosts`, then `/etc/ssh/ssh_known_hosts`. */
  knownHostsPath?: string | readonly string[];
  /** How long the page has to answer a first-use host key question. Default 2 minutes. */
  hostKeyPromptTimeoutMs?: number;
  /** SSH handshake and login per hop. Default 15 s. */
  readyTimeoutMs?: number;
  /** How a cut tunnel comes back; `false` leaves it down until the next connection needs it. */
  reconnect?: Partial<BackoffPolicy> | false;
}

/**
 * `local`: bound to loopback for the user who runs it; every libpq parameter and file path is accepted.
 * `server`: mounted in a host app or reachable from other machines; file paths, passfile, service, sockets,
 * the SSH agent and environment indirection other than USER_DEFINED_* are refused (DESIGN §4).
 */
export type BridgeMode = 'local' | 'server';

export interface BridgeContext {
  readonly mode: BridgeMode;
  readonly logger: Logger;
  readonly limits: BridgeLimits;
  /** The bridge's stores, opened on first use; rejects with a BridgeError when they cannot be opened. */
  stores(): Promise<OpenedStores>;
  /** Passed to the connect engine; undefined is the engine's default (no link-local or metadata targets). */
  readonly targetPolicy: TargetPolicy | undefined;
  /** Where `~/.postgresql/root.crt` is looked for; null in server mode (the bridge user's files are not the page's). */
  readonly homeDir: string | null | undefined;
  /** The environment `USER_DEFINED_*` variables are read from. */
  readonly env: NodeJS.ProcessEnv;
  readonly bridgeVersion: string;
  /**
   * What connect plans need: SSH tunnels and cloud tokens (`connect-plan.ts`). A context without it (a host
   * app's own) connects without plans, so `resolveTarget` refuses SSH, AWS IAM and Entra profiles there rather
   * than connect without the tunnel or the token.
   */
  readonly planning?: PlanningServices;
}

export interface PlanningServices {
  readonly ssh: BridgeSshOptions;
  /** RDS IAM tokens; throws `BRIDGE_CAPABILITY_UNAVAILABLE` where this bridge does not sign them. */
  aws(): AwsIamAuth;
  /**
   * Microsoft Entra sign-in and ARM, with its token cache in the stores' secret backend; rejects with
   * `ENTRA_NOT_CONFIGURED` when the bridge has no client id.
   */
  entra(): Promise<EntraAuth>;
}

export interface SessionScope {
  readonly id: string;
  readonly bridge: BridgeContext;
  readonly logger: Logger;
  /** Aborted when the session closes: every connect, test and query of the session stops. */
  readonly signal: AbortSignal;
  readonly connections: SessionConnections;
  /** Running connection tests by testId, so `connection.test.cancel` can stop them. */
  readonly tests: Map<string, AbortController>;
  push(event: BridgeEvent): void;
  /**
   * Claims one of the session's connect slots, or throws `BRIDGE_BUSY` (all slots taken) or
   * `BRIDGE_RATE_LIMITED` (too many attempts this minute). The returned function gives the slot back.
   */
  claimConnectSlot(): () => void;
}
