/**
 * Storybook for the pgconnect elements: `npm run storybook` (dev, port 6006) and `npm run build-storybook`.
 * Stories live next to their elements (`packages/components/src/**\/*.stories.ts`) and double as the WTR
 * fixtures. Nothing here reaches the network: telemetry is off, and @pgconnect/core is served from source.
 */
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../../packages/components/src/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, enableCrashReports: false },
  viteFinal(vite) {
    vite.resolve ??= {};
    vite.resolve.alias = [
      // The tests do the same: the elements always run against the current core sources.
      { find: /^@pgconnect\/core$/, replacement: root('packages/core/src/index.ts') },
      { find: /^@pgconnect\/core\/(.*)\.js$/, replacement: `${root('packages/core/src/')}$1.ts` },
      ...(Array.isArray(vite.resolve.alias) ? vite.resolve.alias : Object.entries(vite.resolve.alias ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }))),
    ];
    vite.resolve.conditions = ['production', 'module', 'browser', 'import', 'default'];
    return vite;
  },
};

export default config;
