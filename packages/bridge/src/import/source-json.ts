import { BridgeError } from '@pgconnect/core';
import { JsonSyntaxError, parseJsonText } from '../store/json-text.js';

/** Parses an import source, turning a syntax error into `IMPORT_INVALID` with the line and column. */
export function parseSourceJson(text: string, format: string, options: { jsonc?: boolean } = {}): unknown {
  try {
    return parseJsonText(text, options).value;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new BridgeError('IMPORT_INVALID', {
      message: `The ${format} file is not valid JSON: ${error.reason} at line ${error.position.line}, column ${error.position.column}.`,
      data: { format, line: error.position.line, column: error.position.column },
    });
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A port given as a number or as text ("5432"), the way DBeaver and VS Code write it. */
export function portOf(v: unknown): number | undefined | 'invalid' {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : 'invalid';
}

export function invalid(format: string, field: string, message: string): BridgeError {
  return new BridgeError('IMPORT_INVALID', { message: `The ${format} file ${message}.`, data: { format, field } });
}
