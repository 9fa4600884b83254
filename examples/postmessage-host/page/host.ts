/**
 * The host side of the postMessage example (in VS Code: the extension host). It holds the token, opens the
 * WebSocket with `WebSocketTransport` — which checks the bridge's HMAC proof before anything else — and relays
 * frames between the bridge and the dialog iframe over a private `MessagePort`. Only the client entry is
 * imported: the host defines no elements.
 */
import { WebSocketTransport, type BridgeInfo } from '@pgconnect/components/client.js';

const meta = document.querySelector<HTMLMetaElement>('meta[name="pgconnect-token"]');
const token = meta?.content ?? '';
meta?.remove();
const dialogOrigin = document.querySelector<HTMLMetaElement>('meta[name="pgconnect-dialog-origin"]')?.content ?? '';
const iframe = document.querySelector<HTMLIFrameElement>('#dialog')!;
const status = document.getElementById('status')!;

let port: MessagePort | undefined;
let transport: WebSocketTransport | undefined;
let info: BridgeInfo | undefined;
let attempt = 0;

function show(state: string): void {
  status.textContent = state;
  document.body.dataset.bridge = state;
}

/** Opens the WebSocket; resolves once the bridge proved it holds the token. Reopens after a drop. */
async function connect(): Promise<void> {
  const next = new WebSocketTransport({ url: `ws://${location.host}/`, token });
  try {
    info = await next.open({
      // Bridge → dialog: every frame (results, errors, event.* pushes) goes to the iframe as is.
      message: (frame) => port?.postMessage(frame),
      closed: ({ retry }) => {
        if (transport !== next) return;
        transport = undefined;
        show(retry ? 'reconnecting' : 'unverified');
        if (retry) setTimeout(() => void connect(), Math.min(30_000, 500 * 2 ** attempt++));
      },
    });
  } catch {
    return; // `closed` above has already decided whether to retry.
  }
  attempt = 0;
  transport = next;
  show('verified');
  handOverPort();
}

// The dialog announces itself once its script runs. Once the bridge is verified too, it gets a MessagePort:
// the only channel it has to the host, and through it to the bridge.
let dialogReady = false;
window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== dialogOrigin || event.source !== iframe.contentWindow) return;
  if ((event.data as { type?: unknown } | null)?.type !== 'pgconnect.ready') return;
  dialogReady = true;
  port?.close();
  port = undefined;
  handOverPort();
});

function handOverPort(): void {
  if (!dialogReady || port || !info) return;
  const channel = new MessageChannel();
  port = channel.port1;
  // Dialog → bridge. A host may filter here (refuse `query`, say) or answer some requests itself.
  port.onmessage = (message: MessageEvent) => {
    const frame: unknown = message.data;
    if (typeof frame !== 'object' || frame === null || typeof (frame as { type?: unknown }).type !== 'string') return;
    try {
      transport?.send(frame as Record<string, unknown>);
    } catch {
      // Not connected right now; the dialog's request times out and it shows the error.
    }
  };
  // The bridge's capabilities go along, so the dialog hides what this bridge does not offer.
  iframe.contentWindow!.postMessage({ type: 'pgconnect.port', info }, dialogOrigin, [channel.port2]);
}

show('connecting');
void connect();
