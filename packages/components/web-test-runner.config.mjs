// Component tests in the system's Chromium (Debian package), never a downloaded browser.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
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
 * React ships CommonJS only, which a browser cannot import: `react`, `react-dom` and `react-dom/client` (for the
 * tests of the React wrappers) are served as ES modules that esbuild builds once, with React in one shared chunk so
 * react-dom renders with the same React the wrappers were made with. ESM output cannot see CommonJS export names,
 * so each entry re-exports the names the module has in Node (read in a child process: React's module code does
 * not belong in the test runner's own, whose console is replaced).
 */
const reactModules = { react: 'react', 'react-dom': 'react-dom', 'react-dom/client': 'react-dom-client' };
let reactBuild;
const buildReact = async () => {
  const read = `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(Object.keys(reactModules))}.map((m) => [m, Object.keys(require(m))]))))`;
  const exportNames = JSON.parse(execFileSync(process.execPath, ['-e', read], { cwd: here, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' }));
  const entry = (source) => {
    const names = exportNames[source].filter((name) => name !== 'default');
    return `import m from '${source}';\nexport const { ${names.join(', ')} } = m;\nexport default m;`;
  };
  const result = await build({
    entryPoints: Object.entries(reactModules).map(([source, out]) => ({ in: `react-entry:${source}`, out })),
    plugins: [{
      name: 'react-entries',
      setup(b) {
        b.onResolve({ filter: /^react-entry:/ }, (args) => ({ path: args.path.slice('react-entry:'.length), namespace: 'react-entry' }));
        b.onLoad({ filter: /.*/, namespace: 'react-entry' }, (args) => ({ contents: entry(args.path), resolveDir: here, loader: 'js' }));
      },
    }],
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: '/__react',
    write: false,
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((file) => [file.path, file.text]));
};
const reactAsEsm = {
  name: 'pgconnect-react-esm',
  resolveImport({ source }) {
    return Object.hasOwn(reactModules, source) ? `/__react/${reactModules[source]}.js` : undefined;
  },
  async serve({ path }) {
    if (!path.startsWith('/__react/')) return undefined;
    const body = (await (reactBuild ??= buildReact())).get(path);
    return body === undefined ? undefined : { body, type: 'js' };
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
  plugins: [coreFromSource, reactAsEsm, esbuildPlugin({ ts: true, tsconfig, target: 'es2022' }), fakeBridge],
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
