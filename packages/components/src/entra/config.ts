/**
 * How the page signs in to Microsoft Entra by itself (msal-browser, in a popup) when the bridge cannot open a
 * browser: the host page's own app registration. Types only, so the elements can take the setting without
 * loading anything; `entra-popup.ts` is the code, loaded with `import()` when the user asks to sign in.
 */

/** The Microsoft clouds, as the bridge names them (`AzureCloud` in core). */
export type EntraPopupCloud = 'public' | 'usgov' | 'china';

export interface EntraPopupConfig {
  /** The application (client) id of an app registration with a "Single-page application" redirect URI. */
  clientId: string;
  /**
   * `https://login.microsoftonline.com/<tenant>`; default the cloud's sign-in host with `/organizations`. A tenant
   * chosen in the Entra section replaces the path.
   */
  authority?: string;
  /** The page that finishes the popup (`entra-redirect.html`, see the README). Default `<origin>/entra-redirect.html`. */
  redirectUri?: string;
  /** Picks the PostgreSQL scope and the default sign-in host. Default `public`. */
  cloud?: EntraPopupCloud;
  /** Overrides the scope, e.g. for a private cloud. Default the cloud's `https://ossrdbms-aad…/.default`. */
  scope?: string;
}

/** What the popup sign-in yields: an access token for PostgreSQL and who it belongs to. */
export interface EntraPageToken {
  /** A secret: handed to the bridge in `secrets.entraToken` for one connection attempt, never stored. */
  token: string;
  expiresAt: Date;
  account: { accountId: string; username: string; displayName?: string; tenantId: string };
}
