// Component tests in the system's Chromium (Debian package), never a downloaded browser.
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { WebSocketServer } from 'ws';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsconfig = `${here}tsconfig.json`;

/** Serves @pgconnect/core from its TypeScript sources, so the tests always run against the current core. */
const coreFromSource = {
  name: 'pgconnect-core-source',
  resolveImport({ source }) {
    if (source === '@pgconnect/core') return '/packages/core/src/index.ts';
    if (source.startsWith('@pgconnect/core/')) return `/packages/core/src/${source.slice('@pgconnect/core/'.length).replace(/\.js$/, '.ts')}`;
    return undefined;
  },
};

/**
 * A tiny fake bridge for the WebSocket client tests: `start-fake-bridge {proof: 'right' | 'wrong'}` starts a
 * server on a free loopback port that answers `hello` with a correct or a forged HMAC proof and records every
 * frame it receives; `fake-bridge-frames {port}` returns them.
 */
const fakeBridges = new Map();
const fakeBridge = {
  name: 'pgconnect-fake-bridge',
  async executeCommand({ command, payload }) {
    if (command === 'start-fake-bridge') {
      const token = 'test-token-0123456789';
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('pgconnect.v1') ? 'pgconnect.v1' : false) });
      await new Promise((resolve) => server.once('listening', resolve));
      const state = { server, frames: [], protocols: [] };
      server.on('connection', (socket, request) => {
        state.protocols.push(request.headers['sec-websocket-protocol'] ?? '');
        socket.on('error', () => undefined);
        socket.on('message', (data) => {
          const frame = JSON.parse(String(data));
          state.frames.push(frame);
          if (frame.type === 'hello') {
            const key = payload?.proof === 'wrong' ? 'not-the-token' : token;
            const proof = createHmac('sha256', key).update(frame.nonce).digest('base64url');
            socket.send(JSON.stringify({ type: 'hello.result', v: 1, proof, bridgeVersion: 'fake', capabilities: [], mode: 'local' }));
          } else if (frame.type === 'profiles.list') {
            socket.send(JSON.stringify({ id: frame.id, type: 'profiles.list.result', profiles: [] }));
          } else if (frame.id) {
            socket.send(JSON.stringify({ id: frame.id, type: 'error', error: { code: 'PROTOCOL_UNKNOWN_TYPE', message: 'Not in the fake.' } }));
          }
        });
      });
      const { port } = server.address();
      fakeBridges.set(port, state);
      return { url: `ws://127.0.0.1:${port}/`, token, port };
    }
    if (command === 'fake-bridge-frames') {
      const state = fakeBridges.get(payload.port);
      return state ? { frames: state.frames, protocols: state.protocols } : null;
    }
    if (command === 'stop-fake-bridge') {
      const state = fakeBridges.get(payload.port);
      fakeBridges.delete(payload.port);
      if (state) {
        for (const client of state.server.clients) client.terminate();
        await new Promise((resolve) => state.server.close(resolve));
      }
      return true;
    }
    return undefined;
  },
};

// One element: npm test -- --files 'src/ssl-settings/*.test.ts'
export default {
  rootDir: '../..',
  files: [`${here}src/**/*.test.ts`],
  // Production builds of Lit: no dev-mode warning in the logs.
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 4,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [coreFromSource, esbuildPlugin({ ts: true, tsconfig, target: 'es2022' }), fakeBridge],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
};
