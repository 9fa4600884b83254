import type { ReactiveControllerHost } from 'lit';
import type { ConnectionProfile, ValidationIssue } from '../../internal/core.js';
import type * as Validate from '../../internal/validate.js';
import type { ValidationContext } from '../../internal/validate.js';

/**
 * The dialog's whole-profile validation, loaded after the first render rather than with the dialog: nothing is
 * validated before the user leaves a field, submits, or types a connection string, and by then the page has
 * been idle. Should it be needed sooner, it is loaded then, the host renders again once it is there, and
 * `pending` lets the host's `updateComplete` wait for that render.
 */
export class Validation {
  #validate: typeof Validate.validateProfile | undefined;
  #loading: Promise<void> | undefined;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /**
   * Loads the validator when the page is next idle (the dialog has been shown, and the user is reading it). A
   * failure here is quiet: the load is tried again when issues are needed, and reported then.
   */
  prefetch(): void {
    if (this.#validate || this.#loading) return;
    const load = () => void this.load().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
    else setTimeout(load, 250);
  }

  /** Loads the validator once and renders the host again; a failed load is tried again on the next call. */
  load(): Promise<void> {
    if (this.#validate) return Promise.resolve();
    this.#loading ??= import('../../internal/validate.js').then(
      (module) => {
        this.#validate = module.validateProfile;
        this.#loading = undefined;
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Settles once a load under way has finished (or failed); undefined when none is. */
  get pending(): Promise<void> | undefined {
    return this.#loading?.catch(() => undefined);
  }

  /** The profile's issues; none until the validator is loaded, which this starts. */
  issues(profile: ConnectionProfile, context: ValidationContext): ValidationIssue[] {
    if (this.#validate) return this.#validate(profile, context);
    this.load().catch(() => undefined);
    return [];
  }

  /** The profile's issues, loading the validator first if need be. Rejects when it cannot be loaded. */
  async check(profile: ConnectionProfile, context: ValidationContext): Promise<ValidationIssue[]> {
    await this.load();
    return this.issues(profile, context);
  }
}
