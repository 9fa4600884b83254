/**
 * The node-host example's page: the dialog, the bridge client on the app's own origin, and one use of the
 * connection the user opens (`query`). The token comes from a `<meta>` the app injected; it is read once.
 */
import { BridgeClient, provideBridge, WebSocketTransport } from '@pgconnect/components';

const meta = document.querySelector<HTMLMetaElement>('meta[name="pgconnect-token"]');
const token = meta?.content ?? '';
meta?.remove();

const client = new BridgeClient(new WebSocketTransport({ url: `ws://${location.host}/pgconnect`, token }));
// Every pgconnect element below <body> finds the client through @lit/context.
provideBridge(document.body, client);

const status = document.getElementById('status')!;
const result = document.getElementById('result')!;
// Created after the provider: an element asks for the client when it connects, and no one would answer before.
const dialog = document.createElement('pg-connection-dialog');
dialog.theme = 'auto';
document.body.append(dialog);

client.addEventListener('statechange', () => {
  status.textContent = client.info ? `${client.state} (${client.info.mode} mode: ${client.info.capabilities.join(', ')})` : client.state;
  document.body.dataset.bridge = client.state;
});

document.getElementById('new')!.addEventListener('click', () => {
  dialog.open = true;
});

dialog.addEventListener('pg-connected', (event) => {
  void (async () => {
    const { connectionId } = event.detail;
    const answer = await client.request('query', { connectionId, sql: 'select current_user, version()', rowLimit: 1 });
    result.textContent = JSON.stringify(answer.rows[0]);
  })();
});
