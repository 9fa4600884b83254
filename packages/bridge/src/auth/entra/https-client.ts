/**
 * The one HTTPS client for Entra and ARM: MSAL's `system.networkClient` and the ARM calls both go through it, so
 * an extra trusted CA (a private cloud, a TLS-inspecting proxy, the test stand-ins) is added in exactly one place
 * and only for these requests — Node's global trust and `rejectUnauthorized` are never touched. Plain `http:` is
 * refused: these requests carry refresh tokens and bearer tokens.
 */
import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** Bodies larger than this are not read: no Entra or ARM answer comes near it. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpsClientOptions {
  /** PEM certificates trusted in addition to Node's bundled roots. */
  extraCa?: string | readonly string[];
  timeoutMs?: number;
}

export interface JsonResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export class HttpsJsonClient implements INetworkModule {
  readonly #agent: Agent;
  readonly #timeoutMs: number;

  constructor(options: HttpsClientOptions = {}) {
    const extra = typeof options.extraCa === 'string' ? [options.extraCa] : (options.extraCa ?? []);
    this.#agent = new Agent({ keepAlive: true, ...(extra.length > 0 && { ca: [...rootCertificates, ...extra] }) });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options?.headers ?? {}, undefined, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options?.headers ?? {}, options?.body ?? '');
  }

  getJson<T>(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<JsonResponse<T>> {
    return this.send<T>('GET', url, headers, undefined, undefined, signal);
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  send<T>(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string, timeoutMs?: number, signal?: AbortSignal): Promise<JsonResponse<T>> {
    const target = new URL(url);
    if (target.protocol !== 'https:') return Promise.reject(new Error(`refusing a non-HTTPS request to ${target.origin}`));
    return new Promise((resolve, reject) => {
      const req = request(target, {
        method,
        agent: this.#agent,
        headers: { accept: 'application/json', ...headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) },
        timeout: timeoutMs ?? this.#timeoutMs,
        ...(signal && { signal }),
      });
      req.on('timeout', () => req.destroy(new Error(`request to ${target.origin} timed out`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error(`response from ${target.origin} is too large`));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const flat: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
          try {
            resolve({ status: res.statusCode ?? 0, headers: flat, body: (text === '' ? {} : JSON.parse(text)) as T });
          } catch {
            reject(new Error(`response from ${target.origin} (HTTP ${res.statusCode}) is not JSON`));
          }
        });
      });
      req.end(body);
    });
  }
}
