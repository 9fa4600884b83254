/**
 * Microsoft Entra sign-in in the page with @azure/msal-browser: `loginPopup` the first time, then
 * `acquireTokenSilent` (the refresh token in msal's session cache) and `acquireTokenPopup` only when Entra asks
 * for interaction again. Loaded with `import()` when the user chooses the popup sign-in, so msal-browser is never
 * part of the dialog's initial JavaScript (DESIGN §8).
 */
import { createStandardPublicClientApplication, InteractionRequiredAuthError, type AccountInfo, type AuthenticationResult, type IPublicClientApplication } from '@azure/msal-browser';
import type { EntraPageToken, EntraPopupCloud, EntraPopupConfig } from './config.js';

const CLOUDS: Record<EntraPopupCloud, { login: string; scope: string }> = {
  public: { login: 'https://login.microsoftonline.com', scope: 'https://ossrdbms-aad.database.windows.net/.default' },
  usgov: { login: 'https://login.microsoftonline.us', scope: 'https://ossrdbms-aad.database.usgovcloudapi.net/.default' },
  china: { login: 'https://login.chinacloudapi.cn', scope: 'https://ossrdbms-aad.database.chinacloudapi.cn/.default' },
};
/** Hosts msal-browser knows; any other sign-in host (a private cloud, a test stand-in) must be listed. */
const BUILT_IN = new Set(Object.values(CLOUDS).map((c) => new URL(c.login).host));

/** One application per configuration, so its cache (accounts, refresh tokens) lives as long as the page. */
const apps = new Map<string, Promise<IPublicClientApplication>>();

function application(config: EntraPopupConfig, authority: string, redirectUri: string): Promise<IPublicClientApplication> {
  const key = JSON.stringify([config.clientId, authority, redirectUri]);
  let app = apps.get(key);
  if (!app) {
    const host = new URL(authority).host;
    app = createStandardPublicClientApplication({
      auth: { clientId: config.clientId, authority, redirectUri, ...(BUILT_IN.has(host) ? {} : { knownAuthorities: [host] }) },
      // Session storage: the sign-in ends with the tab, and no token outlives it in the browser profile.
      cache: { cacheLocation: 'sessionStorage' },
    });
    apps.set(key, app);
    app.catch(() => apps.delete(key));
  }
  return app;
}

/**
 * Signs in (or reuses the signed-in account) and returns an access token for Azure Database for PostgreSQL.
 * `tenant` replaces the authority's tenant; `accountId` picks an account signed in before.
 */
export async function signInWithPopup(config: EntraPopupConfig, options: { tenant?: string; accountId?: string } = {}): Promise<EntraPageToken> {
  const cloud = CLOUDS[config.cloud ?? 'public'];
  const base = new URL(config.authority ?? `${cloud.login}/organizations`);
  if (options.tenant) base.pathname = `/${encodeURIComponent(options.tenant)}`;
  const authority = base.toString().replace(/\/+$/, '');
  const redirectUri = config.redirectUri ?? new URL('/entra-redirect.html', location.origin).toString();
  const scopes = [config.scope ?? cloud.scope];
  const app = await application(config, authority, redirectUri);
  let account: AccountInfo | null = (options.accountId && app.getAccount({ homeAccountId: options.accountId })) || app.getAllAccounts()[0] || null;
  if (!account) account = (await app.loginPopup({ scopes, prompt: 'select_account' })).account;
  let result: AuthenticationResult;
  try {
    result = await app.acquireTokenSilent({ account, scopes });
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
    result = await app.acquireTokenPopup({ account, scopes });
  }
  const who = result.account ?? account;
  return {
    token: result.accessToken,
    expiresAt: result.expiresOn ?? new Date(Date.now() + 5 * 60_000),
    account: { accountId: who.homeAccountId, username: who.username, ...(who.name ? { displayName: who.name } : {}), tenantId: result.tenantId || who.tenantId },
  };
}

/** The user closed the popup or cancelled: nothing to report as an error. */
export function isCancelled(error: unknown): boolean {
  return (error as { errorCode?: unknown } | null)?.errorCode === 'user_cancelled';
}
