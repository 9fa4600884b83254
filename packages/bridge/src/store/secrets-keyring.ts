import { randomBytes } from 'node:crypto';
import { AsyncEntry, findCredentialsAsync, type EntryOptions } from '@napi-rs/keyring';
import { BridgeError } from '@pgconnect/core';
import type { SecretBackend } from './secret-backend.js';

/** The keychain service name every pgconnect secret is filed under (security.md §4, "Keychain"). */
export const KEYCHAIN_SERVICE = 'pgconnect-bridge';

/**
 * On Linux, pin entries to the Secret Service (GNOME Keyring, KWallet). Left to itself the library falls back
 * to the kernel keyring, which forgets everything at logout or reboot — a saved password that silently
 * disappears. Without a Secret Service the keychain is reported unavailable instead.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/** The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, Secret Service. */
export class KeychainBackend implements SecretBackend {
  readonly kind = 'keychain' as const;
  readonly location: string;

  constructor(private readonly service: string = KEYCHAIN_SERVICE) {
    this.location = `the system keychain (service "${service}")`;
  }

  /**
   * Whether a keychain is there and unlocked: writes, reads back and deletes a throwaway entry. A locked or
   * missing keychain fails here rather than at the first real save.
   */
  async probe(): Promise<{ ok: true } | { ok: false; error: BridgeError }> {
    const account = `probe-${randomBytes(6).toString('hex')}`;
    const value = randomBytes(12).toString('base64url');
    try {
      const entry = this.#entry(account);
      await entry.setPassword(value);
      const back = await entry.getPassword();
      await entry.deleteCredential();
      if (back !== value) return { ok: false, error: unavailable(new Error('the keychain did not return what was stored')) };
      return { ok: true };
    } catch (error) {
      return { ok: false, error: unavailable(error) };
    }
  }

  async get(account: string): Promise<string | undefined> {
    try {
      return (await this.#entry(account).getPassword()) ?? undefined;
    } catch (error) {
      throw unavailable(error);
    }
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await this.#entry(account).setPassword(value);
    } catch (error) {
      throw new BridgeError('SECRET_STORE_FAILED', {
        hint: 'The system keychain refused the write; nothing was changed. Unlock the keychain (on Linux: the "login" keyring of GNOME Keyring or KWallet) and try again.',
        cause: error,
      });
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.#entry(account).deleteCredential();
    } catch (error) {
      throw unavailable(error);
    }
  }

  async accounts(): Promise<string[]> {
    try {
      return (await findCredentialsAsync(this.service)).map((c) => c.account);
    } catch (error) {
      throw unavailable(error);
    }
  }

  #entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, ENTRY_OPTIONS);
  }
}

/** The library's own message is kept only as `cause`, which never leaves the bridge. */
function unavailable(cause: unknown): BridgeError {
  return new BridgeError('SECRET_KEYCHAIN_UNAVAILABLE', { cause });
}
