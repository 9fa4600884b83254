/** docs/error-codes.md is generated from core's ERROR_TABLE; this fails when someone changed one and not the other. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('docs/error-codes.md', () => {
  it('is what scripts/docs/error-table.mjs writes from ERROR_TABLE', () => {
    const script = fileURLToPath(new URL('../../scripts/docs/error-table.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
