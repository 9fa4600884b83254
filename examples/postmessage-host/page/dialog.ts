/**
 * The dialog side of the postMessage example (in VS Code: the webview). It has no token and no network
 * access of its own (its CSP has no connect-src): its bridge client speaks over the MessagePort the host hands
 * it. In a VS Code webview the transport is `new PostMessageTransport({ target: acquireVsCodeApi(), source: window })`.
 */
import { BridgeClient, PostMessageTransport, provideBridge, type BridgeInfo } from '@pgconnect/components';

const hostOrigins = (document.querySelector<HTMLMetaElement>('meta[name="pgconnect-host-origins"]')?.content ?? '').split(' ');
const status = document.getElementById('status')!;
let client: BridgeClient | undefined;

window.addEventListener('message', (event: MessageEvent) => {
  if (client || event.source !== window.parent || !hostOrigins.includes(event.origin)) return;
  const data = event.data as { type?: unknown; info?: BridgeInfo } | null;
  const port = event.ports[0];
  if (data?.type !== 'pgconnect.port' || !port) return;
  start(new BridgeClient(new PostMessageTransport({ target: port, ...(data.info ? { info: data.info } : {}) })));
});
// Nothing secret in it; sent to each origin the host may have, so no other parent ever hears it.
for (const origin of hostOrigins) window.parent.postMessage({ type: 'pgconnect.ready' }, origin);

function start(bridge: BridgeClient): void {
  client = bridge;
  provideBridge(document.body, bridge);
  // Created after the provider, so its context request finds the client.
  const dialog = document.createElement('pg-connection-dialog');
  dialog.theme = 'auto';
  document.body.append(dialog);
  document.getElementById('new')!.addEventListener('click', () => {
    dialog.open = true;
  });
  void bridge.request('groups.list', {}).then(
    ({ groups }) => {
      status.textContent = `connected through the host (${groups.length} server group${groups.length === 1 ? '' : 's'})`;
      document.body.dataset.groups = String(groups.length);
    },
    (error: Error) => {
      status.textContent = `bridge error: ${error.message}`;
    },
  );
}
