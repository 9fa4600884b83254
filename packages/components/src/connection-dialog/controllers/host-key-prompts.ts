import { nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { BridgeService } from '../../client/bridge-client.js';
import type { SshHostKeyPrompt } from '../../client/protocol.js';
import type { ConnectionProfile } from '../../internal/core.js';
import { randomId } from '../../internal/ids.js';
import type * as HostKey from '../host-key.js';

/** The SSH host-key prompt and the changed-key report: only connections through an SSH tunnel need them. */
const loadHostKey = () => import('../host-key.js');

export interface HostKeyPromptsOptions {
  client(): BridgeService | undefined;
  /** The connection being edited: the prompt names its hop, and a trusted key is pinned in it. */
  draft(): ConnectionProfile;
  /** Keeps the draft with a trusted key pinned, so saving keeps the key. */
  pin(draft: ConnectionProfile): void;
  announce(text: string): void;
  reportError(error: unknown): void;
}

/**
 * The bridge's SSH host-key prompts (`event.ssh.hostKey`) for this dialog's own requests: a key seen for the
 * first time pauses the request until the user trusts it or not, in a nested modal `<dialog>`. The module that
 * draws the prompt and a changed key's fingerprints is loaded when one of them is first needed.
 */
export class HostKeyPrompts implements ReactiveController {
  /** The host-key module, once loaded: it draws the prompt and a changed key's fingerprints. */
  module: typeof HostKey | undefined;
  #prompt: SshHostKeyPrompt | undefined;
  /** A prompt arrived since the last update: it is shown as a modal once it is rendered. */
  #arrived = false;
  /** Ids of the requests that may be paused on a prompt (`connection.test`, `connection.open`). */
  readonly #ownRequests = new Set<string>();
  /**
   * Requests given up on (see `abandon`) that the bridge has not finished yet: their prompts are refused, since
   * the connection they would trust a key for is no longer the one in the form.
   */
  readonly #abandoned = new Set<string>();
  readonly #host: ReactiveControllerHost & { readonly renderRoot: ParentNode };
  readonly #options: HostKeyPromptsOptions;

  constructor(host: ReactiveControllerHost & { readonly renderRoot: ParentNode }, options: HostKeyPromptsOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostUpdated(): void {
    if (!this.#arrived) return;
    this.#arrived = false;
    const prompt = this.#promptDialog();
    // A nested modal only over the open connection dialog: shown over a closed one, it would block the page unseen.
    if (this.#prompt && prompt && !prompt.open && prompt.parentElement?.closest('dialog')?.open) prompt.showModal();
  }

  /** Listens for the prompts of `client`; returns the way to stop. */
  listen(client: BridgeService): () => void {
    return client.onPush('event.ssh.hostKey', (prompt) => {
      if (this.#abandoned.has(prompt.requestId)) {
        this.#refuse(prompt);
        return;
      }
      if (!this.#ownRequests.has(prompt.requestId)) return;
      void this.load().then(() => {
        // The request may have ended (timed out, cancelled) or been abandoned while the module loaded.
        if (this.#ownRequests.has(prompt.requestId)) this.#show(prompt);
        else if (this.#abandoned.has(prompt.requestId)) this.#refuse(prompt);
      });
    });
  }

  /** Loads the host-key module, and renders the host again. */
  async load(): Promise<void> {
    this.module ??= await loadHostKey();
    this.#host.requestUpdate();
  }

  /** Loads the host-key module when `code` reports a changed key, so the failure can show both fingerprints. */
  loadFor(code: string | undefined): void {
    if (code === 'SSH_HOST_KEY_CHANGED') void this.load();
  }

  /** Runs a request that the bridge may pause on a prompt naming it; the prompt goes when the request ends. */
  async run<T>(request: (id: string) => Promise<T>): Promise<T> {
    const id = randomId();
    this.#ownRequests.add(id);
    try {
      return await request(id);
    } finally {
      this.#ownRequests.delete(id);
      this.#abandoned.delete(id);
      if (this.#prompt?.requestId === id) this.#close();
    }
  }

  /**
   * Gives up on request `id` before the bridge has finished it (its test was stopped, or the form now holds
   * another connection): its prompt closes and is refused, and so are any it still sends, so no key is trusted,
   * nor pinned in whatever connection the form holds by the time the user would answer.
   */
  abandon(id: string): void {
    if (!this.#ownRequests.delete(id)) return;
    this.#abandoned.add(id);
    const prompt = this.#prompt;
    if (prompt?.requestId !== id) return;
    this.#close();
    this.#refuse(prompt);
  }

  /**
   * The user's answer. A trusted key is pinned in the draft, so saving keeps it, but only on a hop of the draft
   * that is the host and port the prompt names.
   */
  answer(trust: boolean): void {
    const prompt = this.#prompt;
    if (!prompt) return;
    this.#close();
    const draft = this.#options.draft();
    const pinned = trust && this.module ? this.module.pinHostKey(draft, prompt) : draft;
    if (pinned !== draft) {
      this.#options.pin(pinned);
      this.#options.announce(`Trusted the host key of ${prompt.host}; it is pinned in this connection.`);
    }
    const client = this.#options.client();
    if (client) void client.request('ssh.hostKey.confirm', { promptId: prompt.promptId, trust }).catch((error: unknown) => this.#options.reportError(error));
  }

  /** The prompt waiting for an answer, if any. */
  render(): TemplateResult | typeof nothing {
    const prompt = this.#prompt;
    if (!prompt || !this.module) return nothing;
    return this.module.renderHostKeyPrompt(prompt, this.#options.draft(), (trust) => this.answer(trust));
  }

  #show(prompt: SshHostKeyPrompt): void {
    this.#prompt = prompt;
    this.#arrived = true;
    this.#host.requestUpdate();
  }

  /** Answers "do not trust" for the user: a failure to deliver it is no news, the request is given up on. */
  #refuse(prompt: SshHostKeyPrompt): void {
    void this.#options.client()?.request('ssh.hostKey.confirm', { promptId: prompt.promptId, trust: false }).catch(() => undefined);
  }

  #close(): void {
    this.#prompt = undefined;
    this.#host.requestUpdate();
    this.#promptDialog()?.close();
  }

  #promptDialog(): HTMLDialogElement | null {
    return this.#host.renderRoot.querySelector<HTMLDialogElement>('dialog.prompt');
  }
}
