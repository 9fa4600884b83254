import { inspect } from 'node:util';

/**
 * A secret on its way from the store to a connection. It prints as `[redacted]` through `String()`,
 * `JSON.stringify`, `util.inspect` and template strings, so a secret that ends up in a log call, an error's data
 * or a reply by mistake shows nothing. Only `reveal()` gives the value, and only the connect code calls it.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretValue([redacted])';
  }
}
