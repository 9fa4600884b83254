import { defineConfig } from 'vitest/config';

/** Node-side checks of the package: the manifest is current, and every element has stories. The elements' own tests run in Chromium (WTR). */
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
});
