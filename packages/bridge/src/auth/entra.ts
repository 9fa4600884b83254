/**
 * Microsoft Entra sign-in for Azure Database for PostgreSQL, on @azure/msal-node's PublicClientApplication:
 * accounts are added with the browser (auth code + PKCE on a loopback redirect) or a device code, kept in MSAL's
 * token cache (persisted in the bridge's secret store), and used silently afterwards. A connection's password is
 * an access token for the cloud's `ossrdbms-aad` audience, fetched with `acquireTokenSilent` each time a
 * connection authenticates, so every pooled connection gets a token that is still valid. ARM tokens for Browse
 * Azure come from the same cache, possibly for another account (the dual-account model: one account logs in to
 * the database, another browses subscriptions).
 *
 * ```ts
 * const entra = new EntraAuth({ clientId, secretBackend, openBrowser: (url) => open(url) });
 * const account = await entra.addAccount({ flow: 'deviceCode', onDeviceCode: (p) => push(p.userCode, p.verificationUri) });
 * const password = await entra.passwordProvider(profile, { onToken: ({ expiresAt }) => push(expiresAt) });
 * const { client } = await connect(profile, {}, { password });
 * ```
 */
import { request as httpRequest } from 'node:http';
import { LogLevel, PublicClientApplication, type AccountInfo, type AuthenticationResult } from '@azure/msal-node';
import { BridgeError, normalizeHost, type AzureCloud, type ConnectionProfile } from '@pgconnect/core';
import type { PasswordProvider, PasswordTarget } from '../connect/types.js';
import { Logger } from '../log/logger.js';
import type { SecretBackend } from '../store/secret-backend.js';
import type { TokenIssued } from './aws-iam.js';
import { ArmClient, type AzureTenant } from './entra/arm.js';
import { BUILT_IN_AUTHORITY_HOSTS, ENTRA_CLOUDS, type EntraCloud } from './entra/clouds.js';
import { translateEntraError } from './entra/errors.js';
import { HttpsJsonClient } from './entra/https-client.js';
import { memoryCacheStore, secretCacheStore, StoreCachePlugin, type CacheStore } from './entra/token-cache.js';
import { checkTokenTarget, matchesAllowlist, type HostAllowlist } from './host-policy.js';

const DEFAULT_INTERACTIVE_TIMEOUT_MS = 5 * 60_000;

export interface EntraOptions {
  /** The application (client) id of pgconnect's public-client app registration (redirect URI `http://localhost`). */
  clientId: string;
  /** Default `public`. */
  cloud?: AzureCloud;
  /** Overrides the cloud's sign-in host (`https://login.microsoftonline.com`); a private cloud or a test stand-in. */
  authorityHost?: string;
  /** Overrides the cloud's ARM base URL. */
  armBaseUrl?: string;
  /** The tenant used to sign in when none is given: `organizations` (work and school accounts) by default. */
  defaultTenant?: string;
  /** CA certificates (PEM) trusted for the authority and ARM, besides Node's roots. */
  extraCa?: string | readonly string[];
  /** Persists the token cache there (keychain or encrypted file). Without it, accounts last until the bridge stops. */
  secretBackend?: SecretBackend;
  /** Opens the system browser (auth code flow). Without it only the device code flow is available. */
  openBrowser?: (url: string) => Promise<void>;
  /** Hosts besides the cloud's flexible servers that may receive a token (exact names or `*.suffix`). */
  allowedHosts?: HostAllowlist;
  /** How long a browser sign-in may take; MSAL cannot tell when the user closes the tab. Default 5 minutes. */
  interactiveTimeoutMs?: number;
  logger?: Logger;
}

/** What the page sees of an account (`EntraAccountSchema`): never a token. */
export interface EntraAccount {
  accountId: string;
  username: string;
  displayName?: string;
  /** The home tenant. */
  tenantId: string;
}

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  /** Entra's own instruction text. */
  message: string;
  expiresAt: Date;
}

export interface AddAccountRequest {
  flow: 'authCode' | 'deviceCode';
  /** Tenant to sign in to; default `defaultTenant`. */
  tenantId?: string;
  /** Required for `deviceCode`: show the code to the user (`event.entra.deviceCode`). */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void;
  signal?: AbortSignal;
}

export interface AccessToken {
  token: string;
  expiresAt: Date;
  tenantId: string;
}

export interface EntraPlan {
  host: string;
  user: string;
  accountId: string;
  tenantId: string;
  scope: string;
}

export class EntraAuth {
  readonly cloud: EntraCloud;
  readonly #app: PublicClientApplication;
  readonly #cache: StoreCachePlugin;
  readonly #http: HttpsJsonClient;
  readonly #arm: ArmClient;
  readonly #defaultTenant: string;
  readonly #openBrowser: ((url: string) => Promise<void>) | undefined;
  readonly #allowedHosts: HostAllowlist;
  readonly #interactiveTimeoutMs: number;
  readonly #logger: Logger;

  constructor(options: EntraOptions) {
    const base = ENTRA_CLOUDS[options.cloud ?? 'public'];
    this.cloud = {
      ...base,
      authorityHost: (options.authorityHost ?? base.authorityHost).replace(/\/+$/, ''),
      armBaseUrl: (options.armBaseUrl ?? base.armBaseUrl).replace(/\/+$/, ''),
    };
    this.#defaultTenant = options.defaultTenant ?? 'organizations';
    this.#openBrowser = options.openBrowser;
    this.#allowedHosts = options.allowedHosts ?? [];
    this.#interactiveTimeoutMs = options.interactiveTimeoutMs ?? DEFAULT_INTERACTIVE_TIMEOUT_MS;
    this.#logger = (options.logger ?? new Logger()).child({ component: 'entra' });
    this.#http = new HttpsJsonClient({ ...(options.extraCa !== undefined && { extraCa: options.extraCa }) });
    const store: CacheStore = options.secretBackend ? secretCacheStore(options.secretBackend) : memoryCacheStore();
    this.#cache = new StoreCachePlugin(store);
    const authorityHost = new URL(this.cloud.authorityHost).host;
    const logger = this.#logger;
    this.#app = new PublicClientApplication({
      auth: {
        clientId: options.clientId,
        authority: this.#authority(this.#defaultTenant),
        // A host MSAL has no metadata for would be looked up at login.microsoftonline.com; listing it skips that.
        ...(!BUILT_IN_AUTHORITY_HOSTS.has(authorityHost) && { knownAuthorities: [authorityHost] }),
      },
      cache: { cachePlugin: this.#cache },
      system: {
        networkClient: this.#http,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message) => logger.debug(message),
        },
      },
    });
    this.#arm = new ArmClient(this.cloud.armBaseUrl, this.#http, (accountId, tenantId, signal) =>
      this.acquireToken(accountId, { scope: this.cloud.managementScope, ...(tenantId !== undefined && { tenantId }), ...(signal && { signal }) }),
    );
  }

  /** ARM calls for Browse Azure and Fetch Azure Metadata, signed in as whichever account each call names. */
  get arm(): ArmClient {
    return this.#arm;
  }

  /** `entra.accounts.add`. */
  async addAccount(request: AddAccountRequest): Promise<EntraAccount> {
    const tenant = request.tenantId?.trim() || this.#defaultTenant;
    const scopes = [this.cloud.postgresScope];
    try {
      const result = request.flow === 'deviceCode' ? await this.#deviceCode(scopes, tenant, request) : await this.#interactive(scopes, tenant, request.signal);
      if (!result.account) throw new BridgeError('ENTRA_SIGN_IN_FAILED');
      this.#logger.info('Entra account added', { flow: request.flow, tenantId: result.tenantId });
      return toEntraAccount(result.account);
    } catch (error) {
      throw translateEntraError(error);
    }
  }

  /** `entra.accounts.list`. */
  async listAccounts(): Promise<EntraAccount[]> {
    const accounts = await this.#app.getTokenCache().getAllAccounts();
    return accounts.map(toEntraAccount);
  }

  /** `entra.accounts.remove`: the account and every token of it. */
  async removeAccount(accountId: string): Promise<void> {
    await this.#app.getTokenCache().removeAccount(await this.#account(accountId));
  }

  /**
   * `entra.accounts.clearCache`: drops cached access tokens (of one account, or all), keeping the accounts
   * signed in. The next connection gets newly issued tokens, with current group memberships and claims.
   */
  async clearCache(accountId?: string): Promise<void> {
    if (accountId !== undefined) await this.#account(accountId);
    await this.#cache.edit((cache) => {
      for (const [key, entry] of Object.entries(cache.AccessToken ?? {})) {
        if (accountId === undefined || entry.home_account_id === accountId) delete cache.AccessToken?.[key];
      }
    });
  }

  /** `entra.tenants.list`: the directories the account can use, from ARM. */
  listTenants(accountId: string, signal?: AbortSignal): Promise<AzureTenant[]> {
    return this.#arm.tenants(accountId, signal);
  }

  /**
   * A token for `scope` from the cache, or refreshed with the account's refresh token; never interactive.
   * Bridge-internal: tokens are not for the page.
   */
  async acquireToken(accountId: string, options: { scope: string; tenantId?: string; forceRefresh?: boolean; signal?: AbortSignal }): Promise<AccessToken> {
    const account = await this.#account(accountId);
    const tenantId = options.tenantId?.trim() || account.tenantId;
    options.signal?.throwIfAborted();
    try {
      const result = await this.#app.acquireTokenSilent({
        account,
        scopes: [options.scope],
        authority: this.#authority(tenantId),
        ...(options.forceRefresh && { forceRefresh: true }),
      });
      if (!result.accessToken) throw new BridgeError('ENTRA_INTERACTION_REQUIRED', { data: { account: account.username } });
      return { token: result.accessToken, expiresAt: result.expiresOn ?? new Date(Date.now() + 60_000), tenantId: result.tenantId || tenantId };
    } catch (error) {
      throw translateEntraError(error, { account: account.username });
    }
  }

  /** Everything checked before a token is fetched: account, user, host policy and verify-full TLS. */
  async plan(profile: ConnectionProfile): Promise<EntraPlan> {
    const auth = profile.auth;
    if (auth.type !== 'entra') throw new BridgeError('PROFILE_INVALID_VALUE', { data: { field: 'auth.type' } });
    if (auth.account.trim() === '' || auth.user.trim() === '') throw new BridgeError('PROFILE_ENTRA_INCOMPLETE');
    const refusal = checkTokenTarget(profile, { tls: 'ENTRA_TLS_NOT_VERIFIED', host: 'ENTRA_HOST_NOT_ALLOWED' }, (host) => this.#allowed(host));
    if (refusal) throw refusal;
    const account = await this.#account(auth.account);
    return {
      host: normalizeHost(profile.hosts[0]?.host ?? ''),
      user: auth.user,
      accountId: account.homeAccountId,
      tenantId: auth.tenant.trim() || account.tenantId,
      scope: this.cloud.postgresScope,
    };
  }

  /**
   * A password provider for `connect(..., { password })`: each call is an `acquireTokenSilent`, so a new
   * connection gets the cached token while it has more than five minutes left and a refreshed one after. One
   * token serves every Azure server (they share an audience), so the host that asks only has to be one the
   * plan allowed.
   */
  async passwordProvider(profile: ConnectionProfile, options: { onToken?: (token: TokenIssued) => void } = {}): Promise<PasswordProvider> {
    const plan = await this.plan(profile);
    return async ({ host }: PasswordTarget) => {
      if (!this.#allowed(host)) throw new BridgeError('ENTRA_HOST_NOT_ALLOWED', { data: { host } });
      const { token, expiresAt } = await this.acquireToken(plan.accountId, { scope: plan.scope, tenantId: plan.tenantId });
      this.#logger.debug('Entra token for PostgreSQL', { host: normalizeHost(host), user: plan.user, tenantId: plan.tenantId, expiresAt });
      options.onToken?.({ provider: 'entra', expiresAt });
      return token;
    };
  }

  /** Whether a PostgreSQL token may go to `host`: a flexible server of the cloud, or a host the operator allowed. */
  allowsHost(host: string): boolean {
    return this.#allowed(host);
  }

  /** Closes the HTTPS client's idle sockets. */
  close(): void {
    this.#http.close();
  }

  #authority(tenant: string): string {
    return `${this.cloud.authorityHost}/${encodeURIComponent(tenant)}`;
  }

  #allowed(host: string): boolean {
    const name = normalizeHost(host);
    const suffix = this.cloud.postgresHostSuffix;
    return (name.endsWith(suffix) && name.length > suffix.length) || matchesAllowlist(name, this.#allowedHosts);
  }

  async #account(accountId: string): Promise<AccountInfo> {
    const account = await this.#app.getTokenCache().getAccountByHomeId(accountId);
    if (!account) throw new BridgeError('ENTRA_ACCOUNT_MISSING', { data: { account: accountId } });
    return account;
  }

  async #deviceCode(scopes: string[], tenant: string, request: AddAccountRequest): Promise<AuthenticationResult> {
    const onDeviceCode = request.onDeviceCode;
    if (!onDeviceCode) throw new BridgeError('BRIDGE_INTERNAL_ERROR', { message: 'The device code flow needs somewhere to show the code.' });
    const msalRequest = {
      scopes,
      authority: this.#authority(tenant),
      cancel: false,
      deviceCodeCallback: (response: { userCode: string; verificationUri: string; message: string; expiresIn: number }) =>
        onDeviceCode({
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          message: response.message,
          expiresAt: new Date(Date.now() + response.expiresIn * 1000),
        }),
    };
    // MSAL checks `cancel` before each poll.
    const cancel = () => {
      msalRequest.cancel = true;
    };
    request.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const result = await this.#app.acquireTokenByDeviceCode(msalRequest);
      if (!result) throw new BridgeError('ENTRA_SIGN_IN_FAILED');
      return result;
    } finally {
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  /**
   * Auth code + PKCE: MSAL listens on a loopback port and the browser brings the code back. MSAL has no way to
   * stop waiting, so on timeout or cancel the bridge answers the loopback itself with `access_denied` and the
   * matching `state`, which makes MSAL close its listener and fail.
   */
  async #interactive(scopes: string[], tenant: string, signal: AbortSignal | undefined): Promise<AuthenticationResult> {
    const openBrowser = this.#openBrowser;
    if (!openBrowser) {
      throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', {
        message: 'This bridge cannot open a browser for Microsoft Entra sign-in.',
        hint: 'Use the device code sign-in instead.',
      });
    }
    let authorizeUrl: URL | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      if (authorizeUrl) void answerLoopback(authorizeUrl).catch(() => {});
    };
    const timer = setTimeout(stop, this.#interactiveTimeoutMs);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const result = await this.#app.acquireTokenInteractive({
        scopes,
        authority: this.#authority(tenant),
        prompt: 'select_account',
        openBrowser: async (url) => {
          authorizeUrl = new URL(url);
          if (stopped) return answerLoopback(authorizeUrl);
          await openBrowser(url);
        },
        successTemplate: '<p>Signed in. You can close this window and return to pgconnect.</p>',
        errorTemplate: '<p>Sign-in failed: {{error}}. You can close this window.</p>',
      });
      return result;
    } catch (error) {
      if (stopped) throw new BridgeError(signal?.aborted ? 'BRIDGE_CANCELLED' : 'ENTRA_SIGN_IN_FAILED', { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  }
}

function toEntraAccount(account: AccountInfo): EntraAccount {
  return {
    accountId: account.homeAccountId,
    username: account.username,
    ...(account.name ? { displayName: account.name } : {}),
    tenantId: account.tenantId,
  };
}

/** Posts an `access_denied` authorization response with the flow's own state to MSAL's loopback listener. */
function answerLoopback(authorizeUrl: URL): Promise<void> {
  const redirect = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '');
  const body = new URLSearchParams({ error: 'access_denied', error_description: 'Sign-in was cancelled.', state: authorizeUrl.searchParams.get('state') ?? '' }).toString();
  return new Promise((resolve, reject) => {
    // MSAL listens on 127.0.0.1 while its redirect URI says localhost.
    const req = httpRequest({ host: '127.0.0.1', port: redirect.port, path: '/', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}
