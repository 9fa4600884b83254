import type { ReactiveControllerHost } from 'lit';
import type { ConnectSecrets } from '@pgconnect/core/protocol/messages/profile.js';
import type { BridgeService } from '../../client/bridge-client.js';
import type { ConnectionProfile } from '../../internal/core.js';

export interface DatabasesOptions {
  client(): BridgeService | undefined;
  /** The names the page gave (`databases`): when set, the bridge is not asked. */
  given(): string[] | undefined;
  /** The connection whose databases are listed: the draft as it is when asked. */
  target(): { profile: ConnectionProfile; secrets: ConnectSecrets };
  announce(text: string): void;
  reportError(error: unknown): void;
}

/** The database names offered in the Database field: the page's, or those the bridge finds on the server. */
export class Databases {
  #loaded: string[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #options: DatabasesOptions;

  constructor(host: ReactiveControllerHost, options: DatabasesOptions) {
    this.#host = host;
    this.#options = options;
  }

  get names(): string[] {
    return this.#options.given() ?? this.#loaded;
  }

  /** The bridge can be asked: there is a client, and the page gave no names. */
  get canList(): boolean {
    return Boolean(this.#options.client()) && this.#options.given() === undefined;
  }

  /** Forgets the names found for another connection. */
  clear(): void {
    this.#loaded = [];
    this.#host.requestUpdate();
  }

  /** Asks the bridge; a failure is reported, not thrown. */
  async load(options: { announce: boolean } = { announce: true }): Promise<void> {
    const client = this.#options.client();
    if (!client || this.#options.given()) return;
    try {
      const result = await client.request('databases.list', this.#options.target());
      this.#loaded = result.databases.filter((d) => d.allowConnections && !d.isTemplate).map((d) => d.name);
      this.#host.requestUpdate();
      if (options.announce) this.#options.announce(`${this.#loaded.length} databases found.`);
    } catch (error) {
      this.#options.reportError(error);
    }
  }
}
