import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonText } from './json-text.js';

describe('the JSON reader', () => {
  it('reads what JSON.parse reads', () => {
    const text = '{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "b": {}}';
    expect(parseJsonText(text).value).toEqual(JSON.parse(text));
  });

  it('gives the line and column of a syntax error', () => {
    const error = (() => {
      try {
        parseJsonText('{\n  "a": 1,\n  "b": ]\n}');
      } catch (e) {
        return e;
      }
    })() as JsonSyntaxError;
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.position).toEqual({ line: 3, column: 8 });
  });

  it('locates values by path', () => {
    const parsed = parseJsonText('{\n "list": [\n  {"x": 1},\n  {"x": 2}\n ]\n}');
    expect(parsed.locate(['list', 1, 'x'])).toEqual({ line: 4, column: 9 });
    expect(parsed.locate(['list', 1, 'missing'])).toEqual({ line: 4, column: 3 });
  });

  it('accepts comments and trailing commas only in JSONC mode', () => {
    const text = '{ // c\n "a": [1, 2,], /* d */ }';
    expect(parseJsonText(text, { jsonc: true }).value).toEqual({ a: [1, 2] });
    expect(() => parseJsonText(text)).toThrow(JsonSyntaxError);
  });

  it('keeps a __proto__ key as data', () => {
    const value = parseJsonText('{"__proto__": {"polluted": 1}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
  });
});
