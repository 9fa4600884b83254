import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ParseResult } from '../../internal/core.js';
import { icons } from '../../internal/icons.js';

// Only the parser reports errors and warnings, so this module is loaded with it (`conninfo`), not with the dialog.

/** Why a connection string cannot be read, with an excerpt around the character at fault. */
export function renderParseError(text: string, error: { message: string; position: number; hint?: string }): TemplateResult {
  const start = Math.max(0, error.position - 28);
  const end = Math.min(text.length, error.position + 28);
  const at = text.slice(error.position, error.position + 1) || ' ';
  return html`<div id="cs-error" class="parse-error" role="alert">
      <p class="message error">${icons.error(14)}<span><strong>${error.message}</strong> (at character ${error.position + 1})</span></p>
      <pre class="excerpt" aria-hidden="true"><code>${start > 0 ? '…' : ''}${text.slice(start, error.position)}<mark>${at}</mark>${text.slice(error.position + 1, end)}${end < text.length ? '…' : ''}</code></pre>
      ${error.hint ? html`<p class="help">${error.hint}</p>` : nothing}
    </div>`;
}

/** What the parser warns about in a string it could read. */
export function renderParseWarnings(warnings: ParseResult['warnings']): TemplateResult | typeof nothing {
  return warnings.length ? html`<ul class="warnings">${warnings.map((w) => html`<li class="message warning">${icons.warning(14)}<span>${w.message}</span></li>`)}</ul>` : nothing;
}
