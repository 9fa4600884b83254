import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { issuesUnder } from './issues.js';
import { validateProfile } from './validate.js';
import type { ConnectionProfile, ValidationIssue } from './core.js';

/**
 * What a settings element needs to take part in a native `<form>` and to show validation like the others:
 * it submits `value` as JSON under `name`, returns to the value it was first connected with when the form is
 * reset, and shows the issues a parent passes in `issues` — or, standing alone, its own once the user has
 * changed something.
 */
export abstract class FormSettingsElement<T> extends LitElement {
  static formAssociated = true;

  readonly internals: ElementInternals = this.attachInternals();
  #initial: T | undefined;

  /**
   * The user has changed something: the element's own validation shows from now on.
   * @internal
   */
  @state() protected touched = false;

  /**
   * Declared by each element, with its own type, default and description.
   * @internal
   */
  abstract value: T;
  /** Issues to show, as given by a parent that does its own validation; when unset the element validates itself. */
  @property({ attribute: false }) issues: ValidationIssue[] | undefined;
  @property() name = '';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'vscode' | 'auto' | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#initial ??= this.value;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('value')) this.internals.setFormValue(JSON.stringify(this.value));
  }

  formResetCallback(): void {
    if (this.#initial) this.value = this.#initial;
    this.touched = false;
  }

  /**
   * The issues under `prefix` (`ssl`, `ssh`) to show now; standing alone, those of `profile()` validated.
   * @internal
   */
  protected visibleIssues(prefix: string, profile: () => ConnectionProfile): ValidationIssue[] {
    if (this.issues) return issuesUnder(this.issues, prefix);
    if (!this.touched) return [];
    return issuesUnder(validateProfile(profile()), prefix);
  }
}
