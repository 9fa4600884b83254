import type { SecretStoreKind } from '../../client/protocol.js';
import type { ProviderMatch, ValidationIssue } from '../../internal/core.js';
import type { ProviderView } from './provider.js';

/** What the Parameters and Connection String tabs both show: the password, and the provider callout. */
export interface CredentialsView extends Omit<ProviderView, 'match'> {
  visible: ValidationIssue[];
  provider: ProviderMatch | null;
  password: string;
  /** A password is saved; an empty password field keeps it. */
  hasPassword: boolean;
  /** Where the bridge keeps a saved password, once known. */
  secretStore: SecretStoreKind | undefined;
}
