/**
 * Test support: a real bridge on a loopback port, as the bridge-* tests run it — its log kept in memory so a
 * test can search it for secrets, its stores in files under a temporary folder, and connect limits no test
 * reaches. Not used by the bridge.
 */
import { memoryLogger } from '../../log/logger.js';
import { createBridge, type Bridge, type BridgeOptions } from '../bridge.js';
import { TestClient } from './ws-client.js';

export interface TestBridge {
  readonly bridge: Bridge;
  readonly url: string;
  /** Every line the bridge logged. */
  readonly lines: string[];
  /** Opens a socket with the bridge's token and says hello; resolves with the client and the hello.result. */
  connect(): ReturnType<typeof TestClient.connect>;
  /** Opens a socket with the bridge's token and says hello. */
  session(): Promise<TestClient>;
  /** Everything the page received on `client` and everything the bridge logged, as one text. */
  transcript(client: TestClient): string;
  close(): Promise<void>;
}

/** Starts a bridge whose profiles and encrypted secrets file live in `userDir`. */
export async function startTestBridge(userDir: string, options: Omit<BridgeOptions, 'logger' | 'stores'> = {}): Promise<TestBridge> {
  const log = memoryLogger();
  const bridge = createBridge({
    ...options,
    logger: log.logger,
    stores: { userDir, secretStore: 'encrypted-file', env: {} },
    limits: { connectsPerMinute: 100, globalConnectsPerMinute: 100, ...options.limits },
  });
  const { url } = await bridge.listen();
  const connect = () => TestClient.connect(url, { token: bridge.token });
  return {
    bridge,
    url,
    lines: log.lines,
    connect,
    session: async () => (await connect()).client,
    transcript: (client) => [...client.frames, ...log.lines].join('\n'),
    close: () => bridge.close(),
  };
}
