import { isLibpqKeyword, orderConnInfo } from './keywords.js';
import type { ConnInfo } from './types.js';

/**
 * libpq's `conninfo_storeval`: the keyword must be one libpq knows, the last value for a keyword wins,
 * and the legacy `requiressl` is stored as sslmode (`require` when its value starts with "1", else `prefer`).
 */
export class ConnInfoStore {
  readonly #values = new Map<string, string>();

  /** Returns false, storing nothing, when libpq has no such keyword. */
  store(keyword: string, value: string): boolean {
    if (keyword === 'requiressl') return this.store('sslmode', value.startsWith('1') ? 'require' : 'prefer');
    if (!isLibpqKeyword(keyword)) return false;
    this.#values.set(keyword, value);
    return true;
  }

  toConnInfo(): ConnInfo {
    return orderConnInfo(Object.fromEntries(this.#values));
  }
}
