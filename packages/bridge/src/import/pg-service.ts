import { isLibpqKeyword } from '@pgconnect/core';
import { profileFromLibpqKeywords } from './keywords-to-profile.js';
import type { ParsedImport } from './types.js';

export class ServiceFileError extends Error {
  override readonly name = 'ServiceFileError';
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** libpq reads the file with a 1024-byte buffer: a line of 1023 bytes or more (counting its newline) is an error. */
const MAX_LINE_BYTES = 1023;

/**
 * The keywords of one service, read as libpq's `parseServiceFile` reads them (pg-semantics §1.6): lines are
 * trimmed; blank lines and `#` lines skipped; `[name]` starts a group, matched case-sensitively by prefix up to
 * the `]` (anything after it ignored) and ended by the next `[`; `key=value` with no trimming around `=` and no
 * quoting; an unknown key is a syntax error, `service=` inside a group is "nested service specifications", and an
 * over-long line is an error wherever it is met before the group ends. The first value of a repeated key wins.
 * Returns undefined when the file has no such group (libpq then tries the system file).
 */
export function resolveService(text: string, service: string, file = 'pg_service.conf'): Record<string, string> | undefined {
  const lines = text.split('\n');
  let found = false;
  const out: Record<string, string> = {};
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const bytes = Buffer.byteLength(raw, 'utf8') + (index < lines.length - 1 ? 1 : 0);
    if (bytes >= MAX_LINE_BYTES) throw new ServiceFileError(`line ${lineNo} too long in service file "${file}"`, file, lineNo);
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (found) break;
      const name = line.slice(1);
      if (name.startsWith(service) && name[service.length] === ']') found = true;
      continue;
    }
    if (!found) continue;
    if (line.startsWith('ldap')) {
      // pgconnect's libpq semantics have no LDAP lookup; libpq built without LDAP fails the same way.
      throw new ServiceFileError(`LDAP service lookups are not supported (service file "${file}", line ${lineNo})`, file, lineNo);
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new ServiceFileError(`syntax error in service file "${file}", line ${lineNo}`, file, lineNo);
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'service') throw new ServiceFileError(`nested service specifications not supported in service file "${file}", line ${lineNo}`, file, lineNo);
    if (!isLibpqKeyword(key)) throw new ServiceFileError(`syntax error in service file "${file}", line ${lineNo}`, file, lineNo);
    if (!Object.hasOwn(out, key)) out[key] = value;
  }
  return found ? out : undefined;
}

/** The group names in a service file, in order, as `[name]` lines spell them (up to the first `]`). */
export function listServices(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('[')) continue;
    const end = line.indexOf(']');
    if (end > 1) names.push(line.slice(1, end));
  }
  return [...new Set(names)];
}

/**
 * One profile per service. Each keeps `service` empty: the profile carries the resolved settings themselves, so
 * it works on a machine without this service file. A service libpq would refuse is skipped with libpq's reason.
 */
export function importServiceFile(text: string, file = 'pg_service.conf'): ParsedImport {
  const out: ParsedImport = { profiles: [], groups: [], warnings: [], skipped: [] };
  for (const name of listServices(text)) {
    let keywords: Record<string, string> | undefined;
    try {
      keywords = resolveService(text, name, file);
    } catch (error) {
      out.skipped.push({ item: name, reason: (error as Error).message });
      continue;
    }
    if (!keywords) continue;
    if (keywords.password !== undefined) out.warnings.push({ item: name, message: 'The password in the service file was not imported; enter it when you connect, or save it.' });
    const { profile, problems } = profileFromLibpqKeywords(keywords, { name });
    if (problems.length > 0) {
      out.skipped.push({ item: name, reason: problems.join('; ') });
      continue;
    }
    out.profiles.push(profile);
  }
  return out;
}
