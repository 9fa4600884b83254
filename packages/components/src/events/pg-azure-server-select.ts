export type PgAzureServerSelectDetail = { host: string; subscriptionId: string; resourceGroup: string; serverName: string };

/** A server was chosen in Browse Azure. */
export class PgAzureServerSelectEvent extends Event {
  readonly detail: PgAzureServerSelectDetail;

  constructor(detail: PgAzureServerSelectDetail) {
    super('pg-azure-server-select', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-azure-server-select': PgAzureServerSelectEvent;
  }
}
