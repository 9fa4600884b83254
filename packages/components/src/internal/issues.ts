import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { icons } from './icons.js';
import type { ValidationIssue } from './core.js';

/** The issues for one field, errors first. */
export function issuesFor(issues: readonly ValidationIssue[], field: string): ValidationIssue[] {
  return issues.filter((i) => i.field === field).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** Issues whose field is `prefix` or lies under it (`ssl` matches `ssl.clientKey`). */
export function issuesUnder(issues: readonly ValidationIssue[], prefix: string): ValidationIssue[] {
  return issues.filter((i) => i.field === prefix || i.field.startsWith(`${prefix}.`));
}

export function hasError(issues: readonly ValidationIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/**
 * The message under a control. Errors are `role="alert"`, so they are announced when they appear after an
 * interaction; warnings are plain text. `id` is what the control's `aria-describedby` names.
 */
export function renderIssues(id: string, issues: readonly ValidationIssue[]): TemplateResult | typeof nothing {
  if (issues.length === 0) return nothing;
  return html`<div id=${id} class="issues">
    ${issues.map(
      (issue) => html`<p class="message ${issue.severity}" role=${issue.severity === 'error' ? 'alert' : nothing}>
        ${issue.severity === 'error' ? icons.error(14) : icons.warning(14)}
        <span>${issue.message}${issue.hint ? html` <span class="hint-text">${issue.hint}</span>` : nothing}</span>
      </p>`,
    )}
  </div>`;
}

/** `aria-describedby` for a control with optional help text and issues. */
export function describedBy(...ids: (string | false | undefined)[]): string | typeof nothing {
  const list = ids.filter((id): id is string => Boolean(id));
  return list.length > 0 ? list.join(' ') : nothing;
}
