import type { SecretBackend, SecretStoreKind } from './secret-backend.js';
import { defaultKeyFile, loadSecretKey, SECRET_KEY_ENV } from './secret-key.js';
import { defaultSecretFile, EncryptedFileBackend } from './secrets-file.js';
import { KeychainBackend, KEYCHAIN_SERVICE } from './secrets-keyring.js';

export type SecretStoreChoice = 'auto' | SecretStoreKind;

export interface SecretStoreOptions {
  /** `auto` (default): the keychain when one answers, else the encrypted file. The other two never fall back. */
  choice?: SecretStoreChoice;
  userDir: string;
  env?: NodeJS.ProcessEnv;
  keyFile?: string;
  secretFile?: string;
  keychainService?: string;
}

export interface SecretStoreStatus {
  kind: SecretStoreKind;
  location: string;
  /** Why the keychain was not used, when `auto` fell back to the encrypted file. */
  fallbackReason?: string;
}

/**
 * Picks the secret store and says which one it picked. There is no plaintext store to fall back to: when neither
 * the keychain nor a key is available, opening fails with `SECRET_KEYCHAIN_UNAVAILABLE` and no file is written.
 */
export async function openSecretStore(options: SecretStoreOptions): Promise<{ backend: SecretBackend; status: SecretStoreStatus }> {
  const choice = options.choice ?? 'auto';
  if (choice !== 'encrypted-file') {
    const keychain = new KeychainBackend(options.keychainService ?? KEYCHAIN_SERVICE);
    const probe = await keychain.probe();
    if (probe.ok) return { backend: keychain, status: { kind: 'keychain', location: keychain.location } };
    if (choice === 'keychain') throw probe.error;
    const file = await openEncryptedFile(options);
    const fallbackReason = `no usable system keychain (${probe.error.message})`;
    return { backend: file, status: { kind: 'encrypted-file', location: file.location, fallbackReason } };
  }
  const file = await openEncryptedFile(options);
  return { backend: file, status: { kind: 'encrypted-file', location: file.location } };
}

async function openEncryptedFile(options: SecretStoreOptions): Promise<EncryptedFileBackend> {
  const env = options.env ?? process.env;
  const key = await loadSecretKey({
    env,
    keyFile: options.keyFile ?? defaultKeyFile(options.userDir),
    // A key file is created only when no key was given in the environment.
    create: !env[SECRET_KEY_ENV],
  });
  return new EncryptedFileBackend(options.secretFile ?? defaultSecretFile(options.userDir), key);
}
