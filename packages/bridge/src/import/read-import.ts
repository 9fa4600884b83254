import { importDbeaver } from './dbeaver.js';
import { importPgadmin } from './pgadmin.js';
import { importPgconnect } from './pgconnect-format.js';
import { importPgpass } from './pgpass.js';
import { importServiceFile } from './pg-service.js';
import type { ImportFormat, ParsedImport } from './types.js';
import { importVscodePgsql } from './vscode-pgsql.js';

/**
 * Reads one source file into profiles and groups, saving nothing: the `import` operation's result. A file that
 * cannot be read at all fails with `IMPORT_INVALID`; entries that cannot become profiles are listed in `skipped`.
 */
export function readImport(format: ImportFormat, text: string, options: { fileName?: string } = {}): ParsedImport {
  switch (format) {
    case 'pgconnect':
      return importPgconnect(text);
    case 'pgadmin':
      return importPgadmin(text);
    case 'dbeaver':
      return importDbeaver(text);
    case 'vscode-pgsql':
      return importVscodePgsql(text);
    case 'pgpass':
      return importPgpass(text);
    case 'pg_service':
      return importServiceFile(text, options.fileName);
  }
  return format satisfies never;
}

/** The `import` operation's reply: skipped entries become warnings, so the page shows why. */
export function importResult(parsed: ParsedImport): Omit<ParsedImport, 'skipped'> {
  return {
    profiles: parsed.profiles,
    groups: parsed.groups,
    warnings: [...parsed.warnings, ...parsed.skipped.map(({ item, reason }) => ({ item, message: `Skipped: ${reason}` }))],
  };
}
