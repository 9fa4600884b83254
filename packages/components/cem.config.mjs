/**
 * The custom-elements manifest (`custom-elements.json`), from the elements' JSDoc: `@summary`, `@event`,
 * `@csspart`, `@cssprop`, `@slot`. `npm run manifest` writes it; `test/manifest.test.ts` regenerates it in
 * memory and fails when the committed file is stale. Storybook reads it for controls and docs.
 */
export default {
  // The elements, and the base class whose members they inherit (the manifest lists them on each element).
  globs: ['src/**/pg-*.ts', 'src/internal/form-settings.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/*.stories.ts'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest once, by hand; the analyzer must not rewrite it (the test runs it into a
  // temp dir, which would point the package at that dir).
  packagejson: false,
  plugins: [
    {
      name: 'pgconnect-tidy',
      packageLinkPhase({ customElementsManifest }) {
        // The analyzer lists modules in the order its globbing and parsing happen to finish, which varies from
        // run to run: sorted by path, the file is the same every time.
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            // `dispatchEvent(new PgXxxEvent(x))` is found without a name, or named after x; the JSDoc @event entries are right.
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name?.startsWith('pg-'));
            // Private (#) and private-marked members are implementation detail, not API.
            if (declaration.members) declaration.members = declaration.members.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
          }
        }
      },
    },
  ],
};
