/**
 * Reads a text frame as JSON without trusting it: the size is checked before parsing, the nesting depth is
 * checked before `JSON.parse` sees it, and keys that could reach an object's prototype are refused after.
 * None of it throws.
 */

export type FrameJson =
  | { ok: true; value: unknown }
  | {
      ok: false;
      code: 'PROTOCOL_FRAME_TOO_LARGE' | 'PROTOCOL_INVALID_MESSAGE';
      message: string;
      field?: string;
      /** The top-level `id` string when it could be read safely, so the refusal can still answer the request. */
      id?: string;
    };

/**
 * `JSON.parse` keeps `__proto__` as an ordinary own key, but the first spread, `Object.assign` or zod record
 * that copies it sets a prototype instead (security.md T15). `constructor` and `prototype` are the other
 * half of the classic pollution paths. No message has a field with these names.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function readFrameJson(text: string, maxBytes: number, maxDepth: number): FrameJson {
  if (typeof text !== 'string') return { ok: false, code: 'PROTOCOL_INVALID_MESSAGE', message: 'the frame is not text' };
  // A UTF-16 code unit never takes fewer than one UTF-8 byte, so this bound is safe without encoding.
  if (text.length > maxBytes) {
    // Only the first maxBytes characters are looked at: the id comes early in any frame a page writes.
    const id = peekTopLevelString(text, 'id', maxBytes);
    return { ok: false, code: 'PROTOCOL_FRAME_TOO_LARGE', message: `the frame is larger than ${maxBytes} bytes`, ...(id === undefined ? {} : { id }) };
  }
  if (nestingDepth(text) > maxDepth) {
    const id = peekTopLevelString(text, 'id', maxBytes);
    return { ok: false, code: 'PROTOCOL_INVALID_MESSAGE', message: `the frame is nested deeper than ${maxDepth} levels`, ...(id === undefined ? {} : { id }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'PROTOCOL_INVALID_MESSAGE', message: 'the frame is not valid JSON' };
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden !== undefined) {
    const id = ownString(value, 'id');
    return { ok: false, code: 'PROTOCOL_INVALID_MESSAGE', message: `${forbidden} is not an allowed key`, field: forbidden, ...(id === undefined ? {} : { id }) };
  }
  return { ok: true, value };
}

/** The deepest bracket nesting outside strings; one linear pass, no recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
    }
  }
  return deepest;
}

/** The path of the first forbidden key, walking with an explicit stack (depth is already bounded). */
function findForbiddenKey(root: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (Array.isArray(value)) {
      value.forEach((element, index) => stack.push({ value: element, path: path === '' ? String(index) : `${path}.${index}` }));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (FORBIDDEN_KEYS.has(key)) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return undefined;
}

/** `value[key]` when value is a plain object with that own string property; never reads through a prototype. */
function ownString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

/**
 * The string value of `key` in the top-level object of a JSON text that will not be parsed (too deep, too
 * large): one linear pass within the first `limit` characters, tracking strings and nesting, without
 * building anything. A key with escapes in it, or a value that is not a plain string, is not recognised.
 * The caller still validates the result (it is untrusted text).
 */
export function peekTopLevelString(text: string, key: string, limit: number): string | undefined {
  const end = Math.min(text.length, limit);
  let depth = 0;
  let expectKey = false;
  let pendingKey: string | undefined;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const close = stringEnd(text, i, end);
      if (close < 0) return undefined;
      if (depth === 1) {
        const raw = text.slice(i + 1, close);
        if (expectKey) {
          pendingKey = raw;
          expectKey = false;
        } else if (pendingKey === key) {
          return raw.includes('\\') ? undefined : raw;
        } else {
          pendingKey = undefined;
        }
      }
      i = close;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      depth++;
      if (depth === 1) expectKey = ch === 0x7b;
      else if (depth === 2) pendingKey = undefined;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      depth--;
      if (depth < 1) return undefined;
    } else if (ch === 0x2c /* , */ && depth === 1) {
      expectKey = true;
      pendingKey = undefined;
    }
  }
  return undefined;
}

/** The index of the quote closing the string that starts at `start`, or -1 before `end`. */
function stringEnd(text: string, start: number, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c /* \ */) i++;
    else if (ch === 0x22) return i;
  }
  return -1;
}
