/**
 * Opens a URL in the user's browser for Microsoft Entra's auth code sign-in (local mode only). The URL is
 * handed to the platform's opener as one argument, with no shell in between: the authorize URL is full of `&`,
 * which a shell would read as "run the next command".
 */
import { spawn } from 'node:child_process';

/** The opener per platform. Windows' `start` is a cmd.exe built-in that needs a shell, so its URL handler is called directly. */
function opener(url: string): [command: string, args: string[]] {
  switch (process.platform) {
    case 'darwin':
      return ['open', [url]];
    case 'win32':
      return ['rundll32.exe', ['url.dll,FileProtocolHandler', url]];
    default:
      return ['xdg-open', [url]];
  }
}

/** Resolves once the opener has started; rejects when it cannot run (no desktop, no xdg-utils). */
export function openSystemBrowser(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return Promise.reject(new Error(`refusing to open a ${parsed.protocol} URL in the browser`));
  }
  const [command, args] = opener(parsed.href);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
    child.once('error', (error) => reject(new Error(`could not start ${command} to open the browser: ${error.message}`)));
    child.once('spawn', () => {
      // The browser outlives the opener, and the bridge does not wait for either.
      child.unref();
      resolve();
    });
  });
}
