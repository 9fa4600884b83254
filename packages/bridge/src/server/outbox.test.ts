import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Outbox } from './outbox.js';

const LIMITS = { sendHighWaterBytes: 1 << 20, sendHardCapBytes: 2 << 20 };

/** A connected pair: the server side's socket for the outbox, and what the client side receives. */
async function pair(): Promise<{ server: WebSocket; received: string[]; next: (count: number) => Promise<string[]>; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const port = (wss.address() as { port: number }).port;
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  const received: string[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  client.on('message', (data) => {
    received.push((data as Buffer).toString('utf8'));
    if (waiter && received.length >= waiter.count) waiter.resolve();
  });
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  const server = await serverSide;
  return {
    server,
    received,
    next: (count) =>
      received.length >= count ? Promise.resolve(received) : new Promise((resolve) => (waiter = { count, resolve: () => resolve(received) })),
    close: async () => {
      client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

describe('Outbox', () => {
  it('delivers pushed events before the reply that follows them, each as its own message', async () => {
    const { server, next, close } = await pair();
    open.push(close);
    const outbox = new Outbox(server, LIMITS, () => undefined, 60_000);
    outbox.push({ type: 'event.test.stage', n: 1 });
    outbox.push({ type: 'event.test.stage', n: 2 });
    outbox.send({ type: 'connection.test.result', n: 3 });
    expect((await next(3)).map((text) => (JSON.parse(text) as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it('delivers pushed events on their own once the hold is over', async () => {
    const { server, next, close } = await pair();
    open.push(close);
    const outbox = new Outbox(server, LIMITS, () => undefined, 1);
    outbox.push({ type: 'event.test.stage', n: 1 });
    expect(await next(1)).toEqual(['{"type":"event.test.stage","n":1}']);
  });

  it('counts held events as unwritten, and no longer once they are written', async () => {
    const { server, next, close } = await pair();
    open.push(close);
    const outbox = new Outbox(server, LIMITS, () => undefined, 60_000);
    outbox.push({ type: 'event.test.stage' });
    expect(outbox.unwritten).toBeGreaterThan(0);
    outbox.flush();
    await next(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.unwritten).toBe(0);
  });

  it('overflows when held events pass the hard cap, as unsent replies do', async () => {
    const { server, close } = await pair();
    open.push(close);
    let overflowed = 0;
    const outbox = new Outbox(server, { sendHighWaterBytes: 50, sendHardCapBytes: 100 }, () => overflowed++, 60_000);
    for (let i = 0; i < 5; i++) outbox.push({ type: 'event.test.stage', padding: 'x'.repeat(20) });
    expect(overflowed).toBeGreaterThan(0);
    outbox.discard();
  });
});
