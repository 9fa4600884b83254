import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ValidationIssue } from '../../internal/core.js';
import { describedBy, hasError, issuesFor, renderIssues } from '../../internal/issues.js';

export interface FieldOptions {
  placeholder?: string;
  help?: string;
  optional?: boolean;
  type?: string;
  list?: string;
  autocomplete?: string;
  inputmode?: string;
  onInput: (e: Event) => void;
  onChange?: (e: Event) => void;
}

/** A labelled text input bound to one profile field, with its help text and the issues shown for it. */
export function renderField(id: string, field: string, label: string, value: string, visible: ValidationIssue[], options: FieldOptions): TemplateResult {
  const own = issuesFor(visible, field);
  return html`<div class="field">
      <label class="label" for=${id}>${label}${options.optional ? html` <span class="optional">(optional)</span>` : nothing}</label>
      <input id=${id} data-field=${field} type=${options.type ?? 'text'} spellcheck="false" autocomplete=${options.autocomplete ?? 'off'}
        inputmode=${options.inputmode ?? nothing} placeholder=${options.placeholder ?? nothing} list=${options.list ?? nothing} .value=${value}
        aria-invalid=${hasError(own) ? 'true' : 'false'} aria-describedby=${describedBy(options.help && `${id}-help`, own.length > 0 && `${id}-issues`)}
        @input=${options.onInput} @change=${options.onChange ?? nothing} />
      ${options.help ? html`<p id="${id}-help" class="help">${options.help}</p>` : nothing}
      ${renderIssues(`${id}-issues`, own)}
    </div>`;
}
