import type { LibpqParseResult } from '@pgconnect/core';

/**
 * The line the libpq oracle (../shared/oracle/libpq-parse.c) prints for a result, as bytes:
 * `{"ok":true,"opts":{...}}` or `{"ok":false,"error":"..."}`. The strings are binary strings (one char
 * per byte), escaped as the oracle escapes them: `\"`, `\\`, `\n`, `\t`, other control bytes as
 * `\u00XX`, and every other byte as it is, which is not always valid UTF-8.
 */
export function formatLibpqLine(result: LibpqParseResult): Buffer {
  const body = result.ok
    ? `{"ok":true,"opts":{${Object.entries(result.keywords).map(([k, v]) => `${jsonString(k)}:${jsonString(v)}`).join(',')}}}`
    : `{"ok":false,"error":${jsonString(result.error.message)}}`;
  return Buffer.from(`${body}\n`, 'latin1');
}

function jsonString(binary: string): string {
  let out = '"';
  for (const ch of binary) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
