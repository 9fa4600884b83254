// The bridge as its own process, for the benchmarks: the built package (what `pgconnect serve` runs, without
// tsx), so its memory is measured alone. `pgconnect serve` has no flags for the limits; a benchmark needs them
// raised (500 sessions, hundreds of tests a minute), so this starts `createBridge` with the limits given as JSON
// in argv[2] and prints the first line `pgconnect serve --json` prints. Logs go to stderr, as with serve.
//
//   node scripts/bench/bridge-child.mjs '{"maxSessions":600}' <storesDir>
import { createBridge } from '../../packages/bridge/dist/server/bridge.js';

const limits = JSON.parse(process.argv[2] ?? '{}');
const storesDir = process.argv[3];
if (!storesDir) throw new Error('usage: bridge-child.mjs <limits-json> <stores-dir>');

// Stores in a throwaway directory: the benchmark must not touch the user's settings or keychain.
const bridge = createBridge({ limits, stores: { userDir: storesDir, secretStore: 'encrypted-file', env: {} } });
const { url } = await bridge.listen();
process.stdout.write(`${JSON.stringify({ ws: url, token: bridge.token, origins: bridge.origins, pid: process.pid })}\n`);

const stop = async () => {
  await bridge.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
