/**
 * The script of the popup's redirect page (`entra-redirect.html`): msal-browser v5 expects the redirect URI to
 * hand the authorization response back to the page that opened the popup (a BroadcastChannel), then the popup
 * closes. Bundle it for the page that serves `redirectUri`; it loads nothing else.
 */
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

broadcastResponseToMainFrame().catch((error: unknown) => {
  document.body.textContent = `Sign-in could not finish: ${error instanceof Error ? error.message : String(error)}`;
});
