import { parseLibpqKeyValue } from './libpq-keyvalue.js';
import type { LibpqParseOptions, LibpqParseResult } from './libpq-result.js';
import { parseLibpqUri, uriPrefixLength } from './libpq-uri.js';

/**
 * What libpq 18's `PQconninfoParse` makes of `text`: a URI when it starts exactly (case-sensitively, at
 * offset 0) with `postgresql://` or `postgres://`, key=value otherwise. The keywords are the ones the
 * string sets, no defaults and no environment, in libpq's option order.
 */
export function parseLibpq(text: string, options: LibpqParseOptions = {}): LibpqParseResult {
  return uriPrefixLength(text) > 0 ? parseLibpqUri(text, options) : parseLibpqKeyValue(text, options);
}
