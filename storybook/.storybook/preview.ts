/**
 * The theme switcher (light / dark / VS Code) in the toolbar, and the custom-elements manifest for controls
 * and docs. The theme dresses the page as a host would (VS Code sets `--vscode-*` on `<body>`) and sets the
 * `theme` attribute the elements read.
 */
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../../packages/components/custom-elements.json';
import { applyPageTheme } from '../../packages/components/src/test-support/page-theme.js';
import type { PageTheme } from '../../packages/components/src/test-support/page-theme.js';

setCustomElementsManifest(manifest);

const withTheme: Decorator = (story, context) => {
  const theme = (context.globals.theme ?? 'light') as PageTheme;
  applyPageTheme(theme);
  const rendered = story();
  // After Storybook puts the story into the canvas: every top-level pgconnect element takes the theme.
  requestAnimationFrame(() => {
    for (const el of document.querySelectorAll('#storybook-root *')) if (el.localName.startsWith('pg-')) el.setAttribute('theme', theme);
  });
  return rendered;
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Theme of the elements and the page around them',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'vscode', title: 'VS Code (Dark Modern)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    controls: { expanded: true },
    backgrounds: { disable: true },
  },
};

export default preview;
