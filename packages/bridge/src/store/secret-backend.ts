/** Which kind of secret store is in use; reported to the page so the user knows where passwords are kept. */
export type SecretStoreKind = 'keychain' | 'encrypted-file';

/**
 * Where secret records are kept: the OS keychain, the encrypted file, or a host's own store (VS Code
 * SecretStorage through the postMessage transport, a database for a multi-user server). Values are opaque
 * strings to the backend; the binding and record format are `SecretVault`'s business.
 */
export interface SecretBackend {
  readonly kind: SecretStoreKind;
  /** A human-readable description of the location, for the status report and error hints. */
  readonly location: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Every account this store holds for pgconnect (for cleaning up secrets whose profile is gone). */
  accounts(): Promise<string[]>;
}
