import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { describedBy, hasError, renderIssues } from './issues.js';
import type { PemSource, ValidationIssue } from './core.js';

export interface PemSourceOptions {
  id: string;
  /** The profile field, for the dialog's touched tracking. */
  field?: string;
  label: string;
  value: PemSource | undefined;
  issues: readonly ValidationIssue[];
  /** Hide the file option when the bridge cannot read files (server mode). */
  noFilePaths?: boolean;
  /** The caller offers the file/PEM choice itself. */
  noSourcePicker?: boolean;
  pathPlaceholder?: string;
  pemPlaceholder?: string;
  onChange(value: PemSource): void;
}

/** A certificate or key given as a file path on the bridge machine or as pasted PEM text. */
export function renderPemSource(o: PemSourceOptions): TemplateResult {
  const kind = o.value ? ('pem' in o.value ? 'pem' : 'path') : o.noFilePaths ? 'pem' : 'path';
  const errorId = `${o.id}-error`;
  const invalid = hasError(o.issues);
  return html`<div class="field pem-source">
    <div class="pem-head">
      <label class="label" for=${o.id}>${o.label}</label>
      ${o.noFilePaths || o.noSourcePicker
        ? nothing
        : html`<select class="compact" aria-label="${o.label}: source" .value=${kind}
            @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value === 'pem' ? { pem: '' } : { path: '' })}>
            <option value="path">File on the bridge machine</option>
            <option value="pem">Paste PEM text</option>
          </select>`}
    </div>
    ${kind === 'pem'
      ? html`<textarea id=${o.id} data-field=${o.field ?? nothing} rows="4" spellcheck="false" placeholder=${o.pemPlaceholder ?? '-----BEGIN CERTIFICATE-----'}
          .value=${o.value && 'pem' in o.value ? o.value.pem : ''} aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy(o.issues.length > 0 && errorId)}
          @input=${(e: Event) => o.onChange({ pem: (e.target as HTMLTextAreaElement).value })}></textarea>`
      : html`<input id=${o.id} data-field=${o.field ?? nothing} type="text" spellcheck="false" autocomplete="off" placeholder=${o.pathPlaceholder ?? '/path/to/file.pem'}
          .value=${o.value && 'path' in o.value ? o.value.path : ''} aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy(o.issues.length > 0 && errorId)}
          @input=${(e: Event) => o.onChange({ path: (e.target as HTMLInputElement).value })} />`}
    ${renderIssues(errorId, o.issues)}
  </div>`;
}
