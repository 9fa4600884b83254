/**
 * Where MSAL's token cache (accounts, refresh tokens, access tokens) lives between bridge runs: one entry in the
 * bridge's secret store — the OS keychain, or the AES-256-GCM file where there is none — never a plaintext file.
 * Without a store the cache lives in memory and accounts last until the bridge stops.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretBackend } from '../../store/secret-backend.js';

/** The secret-store account of the cache. It has no `/`, so the profile-secret pruning never touches it. */
export const TOKEN_CACHE_ACCOUNT = 'entra-token-cache';

/** Where the serialized cache is kept. */
export interface CacheStore {
  read(): Promise<string | undefined>;
  write(data: string): Promise<void>;
  clear(): Promise<void>;
}

export function memoryCacheStore(): CacheStore {
  let data: string | undefined;
  return {
    read: async () => data,
    write: async (next) => {
      data = next;
    },
    clear: async () => {
      data = undefined;
    },
  };
}

export function secretCacheStore(backend: SecretBackend, account = TOKEN_CACHE_ACCOUNT): CacheStore {
  return {
    read: () => backend.get(account),
    write: (data) => backend.set(account, data),
    clear: async () => {
      await backend.delete(account);
    },
  };
}

/**
 * MSAL's persistence hooks: load the stored cache before every cache access and store it after every change.
 * Changes are serialised through one queue so two overlapping sign-ins cannot write an older cache last.
 */
export class StoreCachePlugin implements ICachePlugin {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly store: CacheStore) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    await this.#queue;
    const data = await this.store.read();
    if (data !== undefined) context.tokenCache.deserialize(data);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    const data = context.tokenCache.serialize();
    const write = this.#queue.then(() => this.store.write(data));
    this.#queue = write.catch(() => {});
    await write;
  }

  /** Applies `edit` to the stored cache (the JSON MSAL serialises), e.g. to drop access tokens. */
  async edit(edit: (cache: SerializedCache) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      const data = await this.store.read();
      if (data === undefined) return;
      const cache = JSON.parse(data) as SerializedCache;
      edit(cache);
      await this.store.write(JSON.stringify(cache));
    });
    this.#queue = run.catch(() => {});
    await run;
  }
}

/** The parts of MSAL's cache format (`JsonCache`) that are edited here. */
export interface SerializedCache {
  AccessToken?: Record<string, { home_account_id?: string }>;
  [section: string]: unknown;
}
