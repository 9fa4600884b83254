/**
 * Shared test helpers: a fake bridge client injected through context (or `.client`), sample reports, and a
 * way to reach into shadow roots.
 */
import type { BridgeService, BridgeState, RequestOptions } from '../client/bridge-client.js';
import { BridgeClientError } from '../client/bridge-error.js';
import { createProfile } from '@pgconnect/core/profile/defaults.js';
import type { BridgeInfo, PrivilegeReport, ProfileListItem, RecentEntry, ServerGroup, PushMap, RequestParams, RequestResult, RequestType } from '../client/protocol.js';

/** A `connection.test` result as the bridge sends it. */
type TestResult = RequestResult<'connection.test'>;
import { provideBridge } from '../context/bridge-context.js';

type Handler<T extends RequestType> = (params: RequestParams<T>, client: FakeBridgeClient, options: RequestOptions | undefined) => RequestResult<T> | Promise<RequestResult<T>>;

/** A scriptable bridge: record requests, answer them from handlers, push events on demand. */
export class FakeBridgeClient extends EventTarget implements BridgeService {
  state: BridgeState = 'ready';
  info: BridgeInfo | undefined = { bridgeVersion: 'fake', capabilities: [], mode: 'local' };
  readonly requests: { type: RequestType; params: unknown; options: RequestOptions | undefined }[] = [];
  readonly #handlers = new Map<RequestType, Handler<RequestType>>();
  readonly #push = new Map<string, Set<(push: never) => void>>();

  on<T extends RequestType>(type: T, handler: Handler<T>): this {
    this.#handlers.set(type, handler as unknown as Handler<RequestType>);
    return this;
  }

  async request<T extends RequestType>(type: T, params: RequestParams<T>, options?: RequestOptions): Promise<RequestResult<T>> {
    this.requests.push({ type, params, options });
    const handler = this.#handlers.get(type) as Handler<T> | undefined;
    if (!handler) throw new BridgeClientError({ code: 'PROTOCOL_UNKNOWN_OP', message: `No fake for ${type}.` });
    const signal = options?.signal;
    if (!signal) return handler(params, this, options);
    // Like the real client: an aborted request stops waiting, whatever the handler does.
    return new Promise<RequestResult<T>>((resolve, reject) => {
      const abort = () => reject(BridgeClientError.client('BRIDGE_CLOSED', 'The request was cancelled.'));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      Promise.resolve(handler(params, this, options)).then(resolve, reject);
    });
  }

  /** The last request of a type, with the options it was sent with (its `id`, for pushes that name it). */
  last(type: RequestType): { params: unknown; options: RequestOptions | undefined } | undefined {
    return this.requests.filter((r) => r.type === type).at(-1);
  }

  onPush<K extends keyof PushMap>(type: K, handler: (push: PushMap[K]) => void): () => void {
    let set = this.#push.get(type);
    if (!set) this.#push.set(type, (set = new Set()));
    set.add(handler as (push: never) => void);
    return () => set.delete(handler as (push: never) => void);
  }

  push<K extends keyof PushMap>(type: K, push: PushMap[K]): void {
    for (const handler of this.#push.get(type) ?? []) (handler as (p: PushMap[K]) => void)(push);
  }

  setState(state: BridgeState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }

  requestsOf(type: RequestType): unknown[] {
    return this.requests.filter((r) => r.type === type).map((r) => r.params);
  }
}

/** Provides `client` through @lit/context to everything inside `host`. */
export function provideClient(host: HTMLElement, client: BridgeService): ReturnType<typeof provideBridge> {
  return provideBridge(host, client);
}

/** `el.shadowRoot.querySelector`, following a path of selectors through nested shadow roots. */
export function deep<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T {
  let current: Element | null = root;
  for (const selector of selectors) {
    const scope: ParentNode | null | undefined = current?.shadowRoot ?? current;
    current = scope?.querySelector(selector) ?? null;
    if (!current) throw new Error(`Nothing matches ${selectors.join(' >> ')} (stopped at ${selector})`);
  }
  return current as T;
}

export const samplePrivileges: PrivilegeReport = {
  role: { name: 'app_user', superuser: false, inherit: true, createRole: false, createDb: false, canLogin: true, replication: false, bypassRls: false, connectionLimit: -1 },
  memberships: [{ role: 'app_rw', inherit: true, admin: false }],
  database: { name: 'app', connect: true, create: false, temp: true },
  schemas: [
    { name: 'public', owner: false, usage: true, create: false },
    { name: 'billing', owner: false, usage: true, create: true },
  ],
  tables: [
    { schema: 'public', name: 'customers', kind: 'table', rowSecurity: false, privileges: ['SELECT', 'INSERT', 'UPDATE'], via: { INSERT: 'app_rw', UPDATE: 'app_rw' } },
    { schema: 'public', name: 'orders', kind: 'table', rowSecurity: true, privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'], via: { DELETE: 'app_rw' } },
    { schema: 'billing', name: 'invoices', kind: 'table', rowSecurity: false, privileges: ['SELECT'] },
    { schema: 'public', name: 'audit_log', kind: 'view', rowSecurity: false, privileges: ['SELECT'], via: { SELECT: 'PUBLIC' } },
  ],
  sequences: [{ schema: 'public', name: 'orders_id_seq', privileges: ['USAGE', 'SELECT'] }],
  functions: [{ schema: 'public', name: 'refresh_totals', arguments: 'integer', kind: 'function', privileges: ['EXECUTE'] }],
  totals: { schemas: 2, tables: 4, sequences: 1, functions: 1 },
  truncated: false,
};

export function successReport(testId: string): TestResult {
  return {
    testId,
    ok: true,
    message: 'Connected to PostgreSQL 17.2 as app_user',
    stages: [
      { stage: 'dns', status: 'ok', ms: 3, detail: 'db.example.com → 10.0.4.12' },
      { stage: 'tcp', status: 'ok', ms: 11, detail: '10.0.4.12:5432' },
      { stage: 'tls', status: 'ok', ms: 24, detail: 'TLSv1.3, certificate verified for db.example.com' },
      { stage: 'auth', status: 'ok', ms: 38, detail: 'SCRAM-SHA-256 with channel binding' },
      { stage: 'ready', status: 'ok', ms: 2 },
      { stage: 'facts', status: 'ok', ms: 6, detail: 'PostgreSQL 17.2, primary, UTF8' },
      { stage: 'privileges', status: 'ok', ms: 41, detail: '4 tables, 2 schemas' },
    ],
    tls: { encrypted: true, verified: true, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    server: { version: '17.2', inRecovery: false, user: 'app_user', database: 'app', host: 'db.example.com', port: 5432 },
    privileges: samplePrivileges,
  };
}

export function failureReport(testId: string): TestResult {
  return {
    testId,
    ok: false,
    code: 'TLS_CERT_UNTRUSTED',
    message: 'The server’s certificate is not signed by a trusted authority.',
    hint: 'The server uses a certificate your system does not trust (often a provider CA or a self-signed one). Choose its CA under Advanced → SSL → Root certificate, or use sslmode require if you accept an unverified server.',
    stages: [
      { stage: 'dns', status: 'ok', ms: 4, detail: 'db.example.com → 10.0.4.12' },
      { stage: 'tcp', status: 'ok', ms: 12, detail: '10.0.4.12:5432' },
      { stage: 'tls', status: 'failed', ms: 31, detail: 'self-signed certificate in certificate chain', code: 'TLS_CERT_UNTRUSTED' },
      { stage: 'auth', status: 'skipped', ms: 0 },
    ],
  };
}

export const sampleGroups: ServerGroup[] = [
  { id: 'g1', name: 'Production', color: '#d1242f', description: 'Customer-facing databases' },
  { id: 'g2', name: 'Staging', color: '#c9820a' },
];

export const sampleSaved: ProfileListItem[] = [
  { id: 'p1', name: 'Production (orders)', host: 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com', port: 5432, database: 'orders', user: 'app_ro', authType: 'awsIam', scope: 'user', groupId: 'g1', hasPassword: false },
  { id: 'p2', name: 'Staging', host: 'staging-db.internal', port: 5433, database: 'app', user: 'app', authType: 'password', scope: 'workspace', groupId: 'g2', hasPassword: true },
  { id: 'p3', name: 'Local', host: 'localhost', database: 'dev', user: 'postgres', authType: 'password', scope: 'user', hasPassword: true },
];

export function sampleRecent(): RecentEntry[] {
  return [
    { id: 'r1', lastUsedAt: new Date().toISOString(), profile: createProfile({ hosts: [{ host: 'analytics.neon.tech' }], database: 'warehouse', auth: { type: 'password', user: 'analyst', savePassword: false } }) },
    { id: 'r2', lastUsedAt: new Date().toISOString(), profile: createProfile({ hosts: [{ host: '127.0.0.1', port: 5499 }], auth: { type: 'password', user: 'postgres', savePassword: false } }) },
  ];
}

/** Fingerprints as `ssh-keygen -l` prints them. */
export const SAMPLE_FINGERPRINT = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
export const SAMPLE_OTHER_FINGERPRINT = 'SHA256:Q1zmnYaj2ZpjYN3H0SsFfHpPQz6m4lIVvFDqhV2vL9A';

/** The bridge met a different key than the one pinned: SSH_HOST_KEY_CHANGED, with both fingerprints in `data`. */
export function hostKeyChangedReport(testId: string): TestResult {
  return {
    testId,
    ok: false,
    code: 'SSH_HOST_KEY_CHANGED',
    message: `The host key of bastion.example.com has changed: expected ${SAMPLE_FINGERPRINT}, received ${SAMPLE_OTHER_FINGERPRINT}.`,
    hint: 'This can mean someone is intercepting the connection. Nothing was sent. If the administrator confirms the server was reinstalled or its key rotated, remove the old key from known_hosts or the profile and connect again.',
    data: { host: 'bastion.example.com', port: 22, keyType: 'ED25519', expected: SAMPLE_FINGERPRINT, received: SAMPLE_OTHER_FINGERPRINT },
    stages: [
      { stage: 'dns', status: 'ok', ms: 2, detail: 'bastion.example.com → 203.0.113.7' },
      { stage: 'tcp', status: 'ok', ms: 9, detail: '203.0.113.7:22' },
      { stage: 'ssh', status: 'failed', ms: 14, target: 'bastion.example.com', detail: 'host key changed', code: 'SSH_HOST_KEY_CHANGED' },
      { stage: 'tls', status: 'skipped', ms: 0 },
      { stage: 'auth', status: 'skipped', ms: 0 },
    ],
  };
}
