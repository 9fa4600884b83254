import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ValidationIssue } from '../../internal/core.js';
import { renderField } from './field.js';

/** The Environment Variable tab: the name of a variable on the bridge machine that holds a connection URL. */
export function renderEnvVar(view: { envVar: string; visible: ValidationIssue[]; onInput: (e: Event) => void }): TemplateResult {
  return html`<div class="stack">
      ${renderField('env-var', 'envVar', 'Environment variable', view.envVar, view.visible, {
        placeholder: 'USER_DEFINED_POSTGRES_URL',
        help: 'The name of a variable on the bridge machine whose value is a connection URL. It must start with USER_DEFINED_, so the bridge never hands out its own secrets.',
        onInput: view.onInput,
      })}
    </div>`;
}
