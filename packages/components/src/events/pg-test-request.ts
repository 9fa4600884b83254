import type { ConnectionProfile } from '../internal/core.js';
import type { Secrets } from '../client/protocol.js';

export type PgTestRequestDetail = { profile: ConnectionProfile; secrets: Secrets };

/** The user asked to test the connection. Cancel it to run the test yourself, then report with `showTestStage()` and `showTestResult()`. */
export class PgTestRequestEvent extends Event {
  readonly detail: PgTestRequestDetail;

  constructor(detail: PgTestRequestDetail) {
    super('pg-test-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-test-request': PgTestRequestEvent;
  }
}
