/**
 * Trust-on-first-use questions of one session. A tunnel that meets a host key neither known_hosts nor the
 * profile vouches for asks here; the question goes to the page as `event.ssh.hostKey` and waits for
 * `ssh.hostKey.confirm` with the same promptId. Only an explicit `trust: true` lets the key in: no answer within
 * the timeout (`SSH_HOST_KEY_PROMPT_TIMEOUT`), a cancelled request or a closed session all end the question as
 * "not trusted" (security.md T10, checklist 39).
 */
import { randomUUID } from 'node:crypto';
import { BridgeError, type BridgeEvent } from '@pgconnect/core';
import { abortWith } from '../connect/abort.js';
import type { HostKeyPromptRequest } from '../tunnel/host-key-policy.js';
import type { Logger } from '../log/logger.js';

/** How long the page has to answer before the tunnel gives up (the user may have walked away). */
export const DEFAULT_HOST_KEY_PROMPT_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(trust: boolean): void;
  reject(error: Error): void;
}

/**
 * Who answers the first-use host key questions of a session's tunnels: the page (`HostKeyPrompts`), or the
 * terminal for `pgconnect test`.
 */
export interface HostKeyQuestions {
  /** Resolves `true` only when the key is trusted. */
  ask(requestId: string, request: HostKeyPromptRequest): Promise<boolean>;
  /** Ends every open question (the session is closing). */
  cancelAll(): void;
}

export class HostKeyPrompts implements HostKeyQuestions {
  readonly #pending = new Map<string, Pending>();

  constructor(
    private readonly push: (event: BridgeEvent) => void,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
    private readonly sessionSignal: AbortSignal,
  ) {}

  /**
   * Asks the page on behalf of `requestId`; resolves with its answer, rejects on timeout
   * (`SSH_HOST_KEY_PROMPT_TIMEOUT`), cancel or close.
   */
  ask(requestId: string, request: HostKeyPromptRequest): Promise<boolean> {
    // Given up with the request or with the session; both links are dropped once the question is over.
    const question = new AbortController();
    const unfollow = abortWith(question, request.signal, this.sessionSignal);
    const signal = question.signal;
    if (signal.aborted) {
      unfollow();
      return Promise.reject(new BridgeError('BRIDGE_CANCELLED'));
    }
    const promptId = randomUUID();
    return new Promise<boolean>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        unfollow();
        this.#pending.delete(promptId);
      };
      const onAbort = () => {
        finish();
        reject(new BridgeError('BRIDGE_CANCELLED', { cause: signal.reason }));
      };
      const timer = setTimeout(() => {
        finish();
        this.logger.info('host key question not answered in time', { promptId, host: request.host, port: request.port });
        const data = { host: request.host, port: request.port, hop: request.hop, fingerprint: request.fingerprint, timeoutMs: this.timeoutMs };
        reject(new BridgeError('SSH_HOST_KEY_PROMPT_TIMEOUT', { data }));
      }, this.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(promptId, {
        resolve: (trust) => {
          finish();
          resolve(trust);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      this.logger.info('asking the page about an unknown SSH host key', { promptId, requestId, host: request.host, port: request.port, hop: request.hop, fingerprint: request.fingerprint });
      this.push({
        type: 'event.ssh.hostKey',
        promptId,
        requestId,
        host: request.host,
        port: request.port,
        hop: request.hop,
        keyType: request.keyType,
        fingerprint: request.fingerprint,
      });
    });
  }

  /** `ssh.hostKey.confirm`. */
  answer(promptId: string, trust: boolean): void {
    const pending = this.#pending.get(promptId);
    if (!pending) {
      throw new BridgeError('PROTOCOL_INVALID_MESSAGE', {
        message: `No SSH host key question with id ${promptId} is waiting: it was answered, timed out or its request ended.`,
        data: { field: 'promptId' },
      });
    }
    this.logger.info('host key question answered', { promptId, trust });
    pending.resolve(trust);
  }

  /** Ends every open question as cancelled (the session is closing). */
  cancelAll(): void {
    for (const pending of [...this.#pending.values()]) pending.reject(new BridgeError('BRIDGE_SESSION_CLOSED'));
  }
}
