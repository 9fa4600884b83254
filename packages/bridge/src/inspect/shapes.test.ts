import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
// core's index does not export the protocol yet; the schemas are read from source.
import * as core from '../../../core/src/protocol/messages/test-report.js';
import * as local from './report-shapes.js';

/** True only when A and B are the same type; mutual assignability would let an extra optional key through. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Compile-time: `tsc -p tsconfig.check.json` fails here if report-shapes.ts drifts from core's schemas.
const privilegeReport: Equals<z.infer<typeof core.PrivilegeReportSchema>, local.PrivilegeReport> = true;
const serverFacts: Equals<z.infer<typeof core.ServerFactsSchema>, local.ServerFacts> = true;
const serverReport: Equals<z.infer<typeof core.ServerReportSchema>, local.ServerReport> = true;
const tlsReport: Equals<z.infer<typeof core.TlsReportSchema>, local.TlsReport> = true;

describe('report shapes', () => {
  it('match the protocol schemas in core', () => {
    expect([privilegeReport, serverFacts, serverReport, tlsReport]).toEqual([true, true, true, true]);
  });

  it('list the same privileges in the same order as core', () => {
    expect(local.TABLE_PRIVILEGES).toEqual(core.TABLE_PRIVILEGES);
    expect(local.SEQUENCE_PRIVILEGES).toEqual(core.SEQUENCE_PRIVILEGES);
    expect(local.FUNCTION_PRIVILEGES).toEqual(core.FUNCTION_PRIVILEGES);
  });
});
