/**
 * `createBridge(options)`: the pgconnect WebSocket server. It either attaches to a host app's `http.Server`
 * (server mode: the page may belong to anyone the host app serves) or listens by itself on loopback (local
 * mode: the page belongs to the user who started it). Every upgrade passes the gate in `http-upgrade.ts` —
 * Host, Origin and token — in the HTTP `upgrade` handler, before `ws` sees it (security.md T1–T3), so a
 * refused client never becomes a WebSocket.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BridgeError, CLOSE_CODES, MAX_CLIENT_FRAME_BYTES, SUBPROTOCOL, type AzureCloud, type Capability } from '@pgconnect/core';
import { WebSocketServer } from 'ws';
import { AwsIamAuth } from '../auth/aws-iam.js';
import { EntraAuth } from '../auth/entra.js';
import type { HostAllowlist } from '../auth/host-policy.js';
import type { TargetPolicy } from '../connect/target-policy.js';
import { Logger } from '../log/logger.js';
import { openStores, type OpenedStores, type StoresOptions } from '../store/stores.js';
import type { BridgeContext, BridgeMode, BridgeSshOptions, PlanningServices } from './context.js';
import { openSystemBrowser } from './open-browser.js';
import { clearPgEnvironment } from './environment.js';
import { checkUpgrade, loopbackHosts, refuseUpgrade, type UpgradeGate } from './http-upgrade.js';
import { CLOSE_TIMEOUT_MS, HTTP_LIMITS, resolveLimits, type BridgeLimits } from './limits.js';
import { TokenBucket } from './rate-limit.js';
import { Session } from './session.js';
import type { RequestHandler } from './static.js';
import { newToken } from './token.js';

export interface BridgeOptions {
  /** Default: a fresh 256-bit token. A host app that hands the token to its page itself may choose one. */
  token?: string;
  /**
   * Exact `scheme://host[:port]` origins whose pages may connect. Default: the bridge's own loopback origins
   * (the page it serves through `onRequest`). No patterns, no wildcards.
   */
  origins?: readonly string[];
  /** Extra exact `host:port` values the Host header may carry, besides localhost/127.0.0.1/[::1] and the port. */
  allowedHosts?: readonly string[];
  /** Clients that send no Origin (CLIs, IDE hosts) are let in with the token. Default true. */
  allowNoOrigin?: boolean;
  /** The WebSocket path. Default `/`. */
  path?: string;
  /** Answers plain HTTP requests (the page and its assets); without it they get 404. See `serveStatic`. */
  onRequest?: RequestHandler;
  limits?: Partial<BridgeLimits>;
  /** Opened stores (a host app's own), or options for opening the file and keychain stores on first use. */
  stores?: OpenedStores | StoresOptions;
  /** The folder for workspace-scoped profiles (`pgconnect serve --workspace`). */
  workspaceDir?: string;
  targetPolicy?: TargetPolicy;
  logger?: Logger;
  /** Where `USER_DEFINED_*` variables are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** SSH tunnels: where known hosts are read, how long a host key question waits, how a cut tunnel comes back. */
  ssh?: BridgeSshOptions;
  /**
   * RDS IAM with the AWS credentials of the user running the bridge. On by default in local mode; in server mode
   * only when given (the page would sign in with the host app's credentials). `false` switches it off.
   */
  aws?: BridgeAwsOptions | false;
  /** Microsoft Entra sign-in and Browse Azure; absent without a client id (`pgconnect serve --entra-client-id`). */
  entra?: BridgeEntraOptions;
  /** Opens the system browser for Entra's auth code sign-in (local mode). Default: xdg-open / open / the Windows URL handler. */
  openBrowser?: (url: string) => Promise<void>;
}

export interface BridgeAwsOptions {
  /** Hosts besides RDS/Aurora endpoints that may get a token (exact names or `*.suffix`). */
  allowedHosts?: HostAllowlist;
  /** Where AWS_PROFILE, AWS_CONFIG_FILE and the like are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface BridgeEntraOptions {
  /** The application (client) id of the public-client app registration (redirect URI `http://localhost`). */
  clientId: string;
  /** Default `public`. */
  cloud?: AzureCloud;
  /** The sign-in host, for a private cloud (or a test stand-in). */
  authorityHost?: string;
  /** The Azure Resource Manager base URL, likewise. */
  armBaseUrl?: string;
  /** The tenant used to sign in when none is given. Default `organizations`. */
  defaultTenant?: string;
  /** CA certificates (PEM) trusted for the authority and ARM besides Node's roots. */
  extraCa?: string | readonly string[];
  /** Hosts besides the cloud's flexible servers that may receive a token. */
  allowedHosts?: HostAllowlist;
  /** How long a browser sign-in may take. Default 5 minutes. */
  interactiveTimeoutMs?: number;
}

export interface ListenOptions {
  /** Default 127.0.0.1. Anything but loopback needs `allowRemote` and runs in server mode. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  allowRemote?: boolean;
}

export interface Bridge {
  readonly token: string;
  /** The origins allowed to connect (known once attached or listening). */
  readonly origins: readonly string[];
  /** `ws://host:port/path` to hand to the page (known once attached or listening). */
  readonly url: string | undefined;
  readonly mode: BridgeMode | undefined;
  /** Open sessions. */
  readonly sessionCount: number;
  /** Serves the bridge on a host app's server, in server mode. */
  attach(server: http.Server): void;
  /** Starts the bridge's own HTTP server. */
  listen(options?: ListenOptions): Promise<{ url: string; host: string; port: number }>;
  /** Closes every session (4001: this token is void now) and stops accepting. */
  close(): Promise<void>;
}

const BRIDGE_VERSION = readPackageVersion();

export function createBridge(options: BridgeOptions = {}): Bridge {
  const token = options.token ?? newToken();
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? new Logger();
  logger.redactor.add(token);
  const path = options.path ?? '/';
  const sessions = new Set<Session>();
  const globalConnects = new TokenBucket(limits.globalConnectsPerMinute / 60, limits.globalConnectsPerMinute);

  let server: http.Server | undefined;
  let ownsServer = false;
  let mode: BridgeMode | undefined;
  let context: BridgeContext | undefined;
  let capabilities: Capability[] = [];
  let closing = false;
  let aws: AwsIamAuth | undefined;
  let entra: Promise<EntraAuth> | undefined;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    // ws 8.21's fragment limits (the 2026-05 advisory): a page has no reason to split a frame finely.
    maxFragments: 64,
    maxBufferedChunks: 4096,
    // Compression bombs and CRIME-style leaks are not worth a few bytes (security.md T14).
    perMessageDeflate: false,
    skipUTF8Validation: false,
    clientTracking: true,
    closeTimeout: CLOSE_TIMEOUT_MS,
    // The gate already required pgconnect.v1; never echo the token subprotocol back.
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  } as ConstructorParameters<typeof WebSocketServer>[0]);
  wss.on('error', (error) => logger.error('websocket server error', { error }));

  const boundPort = (): number | undefined => {
    const address = server?.address();
    return address !== null && typeof address === 'object' ? address.port : undefined;
  };
  const loopbackOrigins = (port: number): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  const origins = (): string[] => {
    if (options.origins) return [...options.origins];
    const port = boundPort();
    return port === undefined ? [] : loopbackOrigins(port);
  };
  const gate = (): UpgradeGate => {
    const port = boundPort();
    return {
      token,
      allowedOrigins: origins(),
      allowedHosts: [...(port === undefined ? [] : loopbackHosts(port)), ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())],
      allowNoOrigin: options.allowNoOrigin ?? true,
    };
  };

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (error) => logger.debug('upgrade socket error', { error }));
    const url = req.url ?? '';
    const [pathname, query] = [url.split('?')[0], url.includes('?')];
    if (pathname !== path) {
      // A host app may serve its own upgrades (HMR, its own sockets) on other paths: those are not ours.
      if (!ownsServer && server !== undefined && server.listenerCount('upgrade') > 1) return;
      return refuseUpgrade(socket, 404, 'not found');
    }
    // Tokens never travel in URLs (they end up in logs and history), so no URL here carries anything.
    if (query) return refuseUpgrade(socket, 400, 'no query string');
    if (closing || context === undefined) return refuseUpgrade(socket, 503, 'bridge closing');
    const verdict = checkUpgrade(req, gate());
    if (!verdict.ok) {
      // Never the headers: Sec-WebSocket-Protocol carries the token.
      logger.info('upgrade refused', { status: verdict.status, reason: verdict.reason, remote: req.socket.remoteAddress });
      return refuseUpgrade(socket, verdict.status, verdict.reason);
    }
    if (sessions.size >= limits.maxSessions) {
      logger.info('upgrade refused', { status: 503, reason: 'too many sessions', remote: req.socket.remoteAddress });
      return refuseUpgrade(socket, 503, 'too many sessions');
    }
    const bridgeContext = context;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new Session(ws, bridgeContext, { token, capabilities, globalConnects });
      sessions.add(session);
      void session.closed.then(() => sessions.delete(session));
    });
  };

  function start(target: http.Server, chosen: BridgeMode): void {
    if (server) throw new Error('this bridge is already attached or listening');
    server = target;
    mode = chosen;
    const cleared = clearPgEnvironment();
    if (cleared.length > 0) logger.info('cleared PG* environment variables', { names: cleared });
    context = makeContext(chosen);
    capabilities = capabilitiesFor(chosen, options);
    target.on('upgrade', onUpgrade);
  }

  function planningServices(chosen: BridgeMode, stores: () => Promise<OpenedStores>): PlanningServices {
    const awsOptions = awsOptionsFor(chosen, options);
    return {
      ssh: options.ssh ?? {},
      aws() {
        if (!awsOptions) throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'AWS IAM authentication' } });
        aws ??= new AwsIamAuth({ ...awsOptions, logger });
        return aws;
      },
      entra() {
        const configured = options.entra;
        if (!configured?.clientId) return Promise.reject(new BridgeError('ENTRA_NOT_CONFIGURED'));
        entra ??= stores()
          .then(({ secretBackend }) => {
            if (!secretBackend) logger.info('the stores offer no secret backend: Entra accounts last until the bridge stops');
            return new EntraAuth({
              ...configured,
              logger,
              ...(secretBackend === undefined ? {} : { secretBackend }),
              // A browser on the bridge's machine is no use to a page served to someone else: device code only.
              ...(chosen === 'local' ? { openBrowser: options.openBrowser ?? openSystemBrowser } : {}),
            });
          })
          .catch((error: unknown) => {
            // Not cached, like the stores: a keychain unlocked later makes the next request work.
            entra = undefined;
            throw error;
          });
        return entra;
      },
    };
  }

  function makeContext(chosen: BridgeMode): BridgeContext {
    let opened: Promise<OpenedStores> | undefined;
    const given = options.stores;
    const stores = (): Promise<OpenedStores> => {
      if (given !== undefined && 'secretAccess' in given) return Promise.resolve(given);
      opened ??= openStores({
        ...given,
        ...(options.workspaceDir === undefined ? {} : { workspaceDir: options.workspaceDir }),
        validation: { bridge: chosen },
      }).catch((error: unknown) => {
        // Not cached: a keychain unlocked later, or a key file created, makes the next request work.
        opened = undefined;
        throw error;
      });
      return opened;
    };
    return {
      mode: chosen,
      logger,
      limits,
      targetPolicy: options.targetPolicy,
      // libpq's ~/.postgresql/root.crt belongs to the bridge's user, not to whoever the page is in server mode.
      homeDir: chosen === 'server' ? null : undefined,
      env: options.env ?? process.env,
      bridgeVersion: BRIDGE_VERSION,
      stores,
      planning: planningServices(chosen, stores),
    };
  }

  return {
    token,
    get origins() {
      return origins();
    },
    get url() {
      const port = boundPort();
      if (port === undefined) return undefined;
      const address = server?.address() as AddressInfo;
      const host = mode === 'local' || isWildcard(address.address) ? '127.0.0.1' : address.address;
      return `ws://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
    },
    get mode() {
      return mode;
    },
    get sessionCount() {
      return sessions.size;
    },

    attach(target) {
      start(target, 'server');
    },

    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1';
      const loopback = isLoopback(host);
      if (!loopback && !listenOptions.allowRemote) {
        throw new Error(
          `Refusing to listen on ${host}: the bridge holds database credentials and must not be reachable from other machines. ` +
            'Listen on 127.0.0.1, or pass allowRemote (pgconnect serve --allow-remote) if you really mean to serve other machines.',
        );
      }
      const own = http.createServer({
        requestTimeout: HTTP_LIMITS.requestTimeoutMs,
        headersTimeout: HTTP_LIMITS.headersTimeoutMs,
        maxHeaderSize: HTTP_LIMITS.maxHeaderSize,
      });
      own.maxConnections = Math.max(HTTP_LIMITS.minMaxConnections, limits.maxSessions * 2);
      own.on('request', options.onRequest ?? notFound);
      own.on('clientError', (error, socket) => {
        logger.debug('http client error', { error });
        socket.destroy();
      });
      ownsServer = true;
      start(own, loopback ? 'local' : 'server');
      await new Promise<void>((resolve, reject) => {
        own.once('error', reject);
        own.listen({ host, port: listenOptions.port ?? 0 }, () => {
          own.off('error', reject);
          own.on('error', (error) => logger.error('http server error', { error }));
          resolve();
        });
      });
      if (!loopback) logger.warn('the bridge is reachable from other machines (server mode)', { host });
      const url = this.url!;
      logger.info('bridge listening', { url, mode, origins: origins() });
      return { url, host, port: boundPort()! };
    },

    async close() {
      if (closing) return;
      closing = true;
      server?.off('upgrade', onUpgrade);
      for (const session of sessions) session.close(CLOSE_CODES.tokenRevoked, 'bridge closed');
      await Promise.all([...sessions].map((s) => s.closed));
      await entra?.then((auth) => auth.close(), () => undefined);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (ownsServer && server) {
        const own = server;
        await new Promise<void>((resolve) => {
          own.close(() => resolve());
          own.closeAllConnections();
        });
      }
    },
  };
}

/** Features the page may offer in this mode (`hello.result.capabilities`); see handshake.ts in core. */
function capabilitiesFor(mode: BridgeMode, options: BridgeOptions): Capability[] {
  const list: Capability[] = ['envVar', 'query', 'importExport', 'ssh'];
  if (mode === 'local') list.push('filePaths');
  if (awsOptionsFor(mode, options)) list.push('awsIam');
  // The profiles in the bridge user's ~/.aws are that user's, and are listed for them only.
  if (mode === 'local' && options.aws !== false) list.push('awsProfiles');
  if (options.entra?.clientId) list.push('entra', 'azureBrowse');
  // Secrets persist in the OS keychain or the encrypted file in local mode; a host app brings its own store.
  if (mode === 'local' || (options.stores !== undefined && 'secretAccess' in options.stores)) list.push('keychain');
  if (options.workspaceDir !== undefined) list.push('workspaceScope');
  return list;
}

/** AWS IAM's settings when this bridge signs RDS tokens: by default in local mode, in server mode only when asked. */
function awsOptionsFor(mode: BridgeMode, options: BridgeOptions): BridgeAwsOptions | undefined {
  if (options.aws === false) return undefined;
  if (mode === 'server' && options.aws === undefined) return undefined;
  return options.aws ?? {};
}

const notFound: RequestHandler = (_req, res) => {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('not found\n');
};

/** Loopback literals and `localhost` only: a name that goes through DNS could be anything (Node's localhost6 lesson). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

function readPackageVersion(): string {
  try {
    // src/server and dist/server are both two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
