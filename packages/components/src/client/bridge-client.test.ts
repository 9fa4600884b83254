import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createProfile } from '@pgconnect/core/profile/defaults.js';
import { BridgeClient } from './bridge-client.js';
import { BridgeClientError } from './bridge-error.js';
import { PostMessageTransport } from './postmessage-transport.js';
import type { BridgeInfo, IncomingFrame } from './protocol.js';
import type { Transport, TransportHandlers } from './transport.js';
import { expectedProof, WebSocketTransport } from './websocket-transport.js';

interface FakeBridge {
  url: string;
  token: string;
  port: number;
}

const framesOf = async (bridge: FakeBridge) =>
  (await executeServerCommand<{ frames: Record<string, unknown>[]; protocols: string[] }, { port: number }>('fake-bridge-frames', { port: bridge.port }));

/** A transport the test drives by hand: open, fail, deliver frames. */
class ManualTransport implements Transport {
  handlers: TransportHandlers | undefined;
  sent: Record<string, unknown>[] = [];
  opens = 0;
  #resolve: ((info: BridgeInfo) => void) | undefined;

  open(handlers: TransportHandlers): Promise<BridgeInfo> {
    this.handlers = handlers;
    this.opens++;
    return new Promise((resolve) => (this.#resolve = resolve));
  }

  accept(): void {
    this.#resolve?.({ bridgeVersion: 't', capabilities: [], mode: 'local' });
  }

  send(frame: Record<string, unknown>): void {
    this.sent.push(frame);
  }

  deliver(frame: IncomingFrame): void {
    this.handlers?.message(frame);
  }

  close(): void {}
}

describe('BridgeClient over WebSocket', () => {
  it('offers the subprotocols, checks the proof, then exchanges requests', async () => {
    const bridge = await executeServerCommand<FakeBridge, { proof: string }>('start-fake-bridge', { proof: 'right' });
    const client = new BridgeClient(new WebSocketTransport({ url: bridge.url, token: bridge.token }));
    try {
      const result = await client.request('profiles.list', {});
      expect(result).to.deep.equal({ profiles: [] });
      expect(client.state).to.equal('ready');
      expect(client.info?.bridgeVersion).to.equal('fake');
      const { frames, protocols } = await framesOf(bridge);
      expect(protocols[0]).to.equal(`pgconnect.v1, pgconnect.token.${bridge.token}`);
      expect(frames[0]).to.include({ type: 'hello', v: 1 });
      expect(String(frames[0]!.nonce)).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(frames[1]).to.include({ type: 'profiles.list' });
    } finally {
      client.close();
      await executeServerCommand('stop-fake-bridge', { port: bridge.port });
    }
  });

  it('refuses to send anything, secrets included, to a bridge whose proof is wrong', async () => {
    const bridge = await executeServerCommand<FakeBridge, { proof: string }>('start-fake-bridge', { proof: 'wrong' });
    const client = new BridgeClient(new WebSocketTransport({ url: bridge.url, token: bridge.token }));
    try {
      // Asked before the handshake finishes: the request waits, then fails without leaving the page.
      const pending = client.request('connection.test', { testId: 't1', profile: createProfile({ hosts: [{ host: 'db.example.com' }] }), secrets: { password: 'hunter2' } });
      const error = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(BridgeClientError);
      expect((error as BridgeClientError).code).to.equal('BRIDGE_NOT_VERIFIED');
      expect(client.state).to.equal('unverified');
      const later = await client.request('profiles.list', {}).catch((e: unknown) => e);
      expect((later as BridgeClientError).code).to.equal('BRIDGE_NOT_VERIFIED');
      const { frames } = await framesOf(bridge);
      expect(frames.map((f) => f.type)).to.deep.equal(['hello']);
      expect(JSON.stringify(frames)).not.to.contain('hunter2');
    } finally {
      client.close();
      await executeServerCommand('stop-fake-bridge', { port: bridge.port });
    }
  });

  it('computes the proof as base64url HMAC-SHA256(token, nonce)', async () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" (5bdcc146…64ec3843 in hex).
    expect(await expectedProof('Jefe', 'what do ya want for nothing?')).to.equal('W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM');
  });
});

describe('BridgeClient', () => {
  it('correlates results by id and turns error frames into BridgeClientError with the hint', async () => {
    const transport = new ManualTransport();
    const client = new BridgeClient(transport);
    transport.accept();
    const a = client.request('groups.list', {});
    const b = client.request('profiles.delete', { profileId: 'p1' });
    await waitUntil(() => transport.sent.length === 2);
    const [first, second] = transport.sent as { id: string }[];
    transport.deliver({ id: second!.id, type: 'error', error: { code: 'PROFILE_NOT_FOUND', message: 'No such profile.', hint: 'Reload the list.' } });
    transport.deliver({ id: first!.id, type: 'groups.list.result', groups: [] });
    expect(await a).to.deep.equal({ groups: [] });
    const error = (await b.catch((e: unknown) => e)) as BridgeClientError;
    expect([error.code, error.message, error.hint]).to.deep.equal(['PROFILE_NOT_FOUND', 'No such profile.', 'Reload the list.']);
    client.close();
  });

  it('sends every operation core defines, query and connection.close included, under a caller-chosen id when given', async () => {
    const transport = new ManualTransport();
    const client = new BridgeClient(transport);
    transport.accept();
    const rows = client.request('query', { connectionId: 'c1', sql: 'select 1 as one', rowLimit: 10 }, { id: 'q-1' });
    const closed = client.request('connection.close', { connectionId: 'c1' });
    await waitUntil(() => transport.sent.length === 2);
    expect(transport.sent[0]).to.deep.equal({ id: 'q-1', type: 'query', connectionId: 'c1', sql: 'select 1 as one', rowLimit: 10 });
    expect(transport.sent[1]).to.include({ type: 'connection.close', connectionId: 'c1' });
    transport.deliver({ id: 'q-1', type: 'query.result', command: 'SELECT', rowCount: 1, fields: [{ name: 'one', dataTypeId: 23 }], rows: [[1]], truncated: false });
    transport.deliver({ id: String(transport.sent[1]!.id), type: 'connection.close.result' });
    expect((await rows).rows).to.deep.equal([[1]]);
    expect(await closed).to.deep.equal({});
    const duplicate = client.request('connection.list', {}, { id: 'q-2' });
    expect(((await client.request('connection.list', {}, { id: 'q-2' }).catch((e: unknown) => e)) as BridgeClientError).code).to.equal('BRIDGE_PROTOCOL');
    transport.deliver({ id: 'q-2', type: 'connection.list.result', connections: [] });
    expect(await duplicate).to.deep.equal({ connections: [] });
    client.close();
  });

  it('dispatches pushes to their subscribers', async () => {
    const transport = new ManualTransport();
    const client = new BridgeClient(transport);
    transport.accept();
    await waitUntil(() => client.state === 'ready');
    const seen: string[] = [];
    const off = client.onPush('event.test.stage', (push) => seen.push(`${push.testId}:${push.stage}`));
    transport.deliver({ type: 'event.test.stage', testId: 't1', stage: 'dns', status: 'ok', ms: 1 });
    off();
    transport.deliver({ type: 'event.test.stage', testId: 't1', stage: 'tcp', status: 'ok', ms: 1 });
    expect(seen).to.deep.equal(['t1:dns']);
    client.close();
  });

  it('reconnects with exponential backoff, shows the state and sends queued requests once back', async () => {
    const transport = new ManualTransport();
    const client = new BridgeClient(transport, { initialDelayMs: 20, maxDelayMs: 200 });
    const states: string[] = [];
    client.addEventListener('statechange', () => states.push(client.state));
    transport.accept();
    await waitUntil(() => client.state === 'ready');
    transport.handlers!.closed({ retry: true, reason: 'gone' });
    expect(client.state).to.equal('reconnecting');
    const queued = client.request('groups.list', {});
    await waitUntil(() => transport.opens === 2);
    expect(transport.sent).to.have.length(0);
    transport.handlers!.closed({ retry: true, reason: 'still gone' });
    const started = performance.now();
    await waitUntil(() => transport.opens === 3);
    expect(performance.now() - started).to.be.greaterThan(25); // second delay ≈ 40 ms ± 20 %
    transport.accept();
    await waitUntil(() => transport.sent.length === 1);
    transport.deliver({ id: (transport.sent[0] as { id: string }).id, type: 'groups.list.result', groups: [] });
    expect(await queued).to.deep.equal({ groups: [] });
    expect(states).to.deep.equal(['ready', 'reconnecting', 'ready']);
    client.close();
  });

  it('fails requests that were in flight when the connection dropped', async () => {
    const transport = new ManualTransport();
    const client = new BridgeClient(transport, { initialDelayMs: 1_000 });
    transport.accept();
    await waitUntil(() => client.state === 'ready');
    const inFlight = client.request('groups.list', {});
    await waitUntil(() => transport.sent.length === 1);
    transport.handlers!.closed({ retry: true, reason: 'gone' });
    expect(((await inFlight.catch((e: unknown) => e)) as BridgeClientError).code).to.equal('BRIDGE_UNAVAILABLE');
    client.close();
  });
});

describe('PostMessageTransport', () => {
  it('speaks the same frames over a MessagePort', async () => {
    const channel = new MessageChannel();
    channel.port2.onmessage = (event: MessageEvent<{ id: string; type: string }>) => {
      channel.port2.postMessage({ id: event.data.id, type: `${event.data.type}.result`, groups: [{ id: 'g1', name: 'Prod' }] });
    };
    const client = new BridgeClient(new PostMessageTransport({ target: channel.port1 }));
    expect(await client.request('groups.list', {})).to.deep.equal({ groups: [{ id: 'g1', name: 'Prod' }] });
    client.close();
  });

  it('posts through the VS Code webview API and listens on window', async () => {
    const posted: unknown[] = [];
    const client = new BridgeClient(new PostMessageTransport({ target: { postMessage: (m: unknown) => posted.push(m) } }));
    const result = client.request('groups.list', {});
    await waitUntil(() => posted.length === 1);
    window.dispatchEvent(new MessageEvent('message', { data: { id: (posted[0] as { id: string }).id, type: 'groups.list.result', groups: [] } }));
    expect(await result).to.deep.equal({ groups: [] });
    client.close();
  });
});
