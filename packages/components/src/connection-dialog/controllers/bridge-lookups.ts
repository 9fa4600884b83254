import type { ReactiveControllerHost } from 'lit';
import type { BridgeService } from '../../client/bridge-client.js';
import type { SecretStoreKind, ServerGroup } from '../../client/protocol.js';

export interface BridgeLookupsOptions {
  client(): BridgeService | undefined;
  /** The groups the page gave (`groups`): when set, the bridge is not asked for them. */
  givenGroups(): ServerGroup[] | undefined;
}

/**
 * What the form offers from the bridge: its server groups and where it keeps saved passwords. Asked each time
 * the dialog opens. While it is open the modal dialog keeps the page inert, so any group change made on the page
 * (`<pg-server-groups>`) happened before that. These are conveniences: when the bridge cannot answer (an older
 * bridge, a failure), the picker keeps "Default" and what it had, and nothing is reported.
 */
export class BridgeLookups {
  /** Where the bridge keeps a saved password (`secrets.status`), for the "Save password" description. */
  secretStore: SecretStoreKind | undefined;
  #loadedGroups: ServerGroup[] = [];
  /** The client `secretStore` was asked of: where a bridge keeps secrets does not change while it runs. */
  #secretStoreOf: BridgeService | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #options: BridgeLookupsOptions;

  constructor(host: ReactiveControllerHost, options: BridgeLookupsOptions) {
    this.#host = host;
    this.#options = options;
  }

  /** The groups for the Server group picker: the page's, or the bridge's. */
  get groups(): ServerGroup[] {
    return this.#options.givenGroups() ?? this.#loadedGroups;
  }

  async load(): Promise<void> {
    const client = this.#options.client();
    if (!client) return;
    const askStore = this.#secretStoreOf !== client;
    const [groups, store] = await Promise.allSettled([
      this.#options.givenGroups() ? undefined : client.request('groups.list', {}),
      askStore ? client.request('secrets.status', {}) : undefined,
    ]);
    if (client !== this.#options.client()) return;
    if (groups.status === 'fulfilled' && groups.value) {
      this.#loadedGroups = groups.value.groups;
      this.#host.requestUpdate();
    }
    if (store.status === 'fulfilled' && store.value) {
      if (this.secretStore !== store.value.kind) this.#host.requestUpdate();
      this.secretStore = store.value.kind;
      this.#secretStoreOf = client;
    }
  }
}
