import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Tests import the workspace packages from source, so `npm run test:unit` needs no build. */
const alias = {
  '@pgconnect/core': src('./packages/core/src/index.ts'),
  '@pgconnect/bridge': src('./packages/bridge/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], environment: 'node' } },
      { resolve: { alias }, test: { name: 'bridge', include: ['packages/bridge/src/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } },
      { resolve: { alias }, test: { name: 'harness', include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
  },
});
