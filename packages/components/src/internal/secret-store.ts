import type { SecretStoreKind } from '../client/protocol.js';

/** The label of every "save this password" checkbox, on each tab: where it goes is the description's job. */
export const SAVE_PASSWORD_LABEL = 'Save password';

/** Where a saved password goes, from the bridge's `secrets.status`: said plainly, never "keychain" for the file. */
export function secretStoreHelp(kind: SecretStoreKind): string {
  return kind === 'keychain' ? "Kept in the system keychain of the bridge's computer." : "Kept in an encrypted file on the bridge's computer.";
}
