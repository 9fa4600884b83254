import { css } from 'lit';

/** Labels, inputs, buttons and feedback shared by every element, in the spirit of Shoelace's form-control styles. */
export const controls = css`
  .field {
    display: flex;
    flex-direction: column;
    gap: 6px;
    min-width: 0;
  }
  .label,
  label.label,
  legend.label {
    font-weight: 600;
    font-size: 0.929em;
    color: var(--_fg);
    padding: 0;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  input:not([type='checkbox']):not([type='radio']):not([type='color']),
  select,
  textarea {
    font: inherit;
    color: var(--_fg);
    background: var(--_input-bg);
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
    padding: 6px 10px;
    min-height: 34px;
    width: 100%;
    min-width: 0;
  }
  textarea {
    font-family: var(--_mono);
    font-size: 0.929em;
    line-height: 1.5;
    resize: vertical;
  }
  input::placeholder,
  textarea::placeholder {
    color: var(--_muted);
    opacity: 0.85;
  }
  input[readonly] {
    background: var(--_surface);
  }
  select {
    appearance: auto;
  }
  input[type='checkbox'],
  input[type='radio'] {
    accent-color: var(--_accent);
    width: 16px;
    height: 16px;
    margin: 0;
    flex: none;
  }
  :is(input, select, textarea, button, summary, a, [tabindex]):focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger) !important;
    box-shadow: inset 0 0 0 1px var(--_danger);
  }
  .help {
    color: var(--_muted);
    font-size: 0.857em;
    margin: 0;
  }
  .message {
    display: flex;
    gap: 6px;
    align-items: flex-start;
    font-size: 0.857em;
    margin: 0;
  }
  .message svg {
    flex: none;
    margin-top: 2px;
  }
  .message.error {
    color: var(--_danger);
  }
  .message.warning {
    color: var(--_warning);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    cursor: pointer;
    min-height: 24px;
  }
  /* A checkbox level with the text field beside it (below that field's label), with its description under it. */
  .field.beside {
    padding-top: calc(0.929em * 1.15 + 6px);
  }
  .field.beside > .check {
    min-height: 34px;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  .row {
    display: grid;
    gap: 14px 16px;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 200px), 1fr));
    align-items: start;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .segmented {
    display: inline-flex;
    flex-wrap: wrap;
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
    overflow: hidden;
    width: fit-content;
    max-width: 100%;
  }
  .segmented label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 5px 12px;
    cursor: pointer;
    font-size: 0.929em;
    border-inline-end: 1px solid var(--_border);
    position: relative;
  }
  .segmented label:last-child {
    border-inline-end: 0;
  }
  .segmented input {
    position: absolute;
    opacity: 0;
    inset: 0;
    width: 100%;
    height: 100%;
    cursor: pointer;
  }
  .segmented label:has(input:checked) {
    background: var(--_accent-subtle);
    color: var(--_accent-text);
    font-weight: 600;
  }
  .segmented label:has(input:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 8px;
    min-height: 34px;
    padding: 6px 14px;
    border-radius: var(--_radius);
    border: 1px solid var(--_input-border);
    background: var(--_secondary-bg);
    color: var(--_secondary-fg);
    font-weight: 600;
    white-space: nowrap;
  }
  .btn:hover:not(:disabled, [aria-disabled='true']) {
    background: var(--_hover);
  }
  .btn.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .btn.primary:hover:not(:disabled, [aria-disabled='true']) {
    background: var(--_accent-hover);
    border-color: var(--_accent-hover);
  }
  .btn.quiet {
    border-color: transparent;
    background: transparent;
    color: var(--_accent-text);
    padding-inline: 8px;
  }
  .btn.quiet:hover:not(:disabled, [aria-disabled='true']) {
    background: var(--_hover);
  }
  .btn.danger {
    color: var(--_danger);
  }
  .btn:disabled,
  .btn[aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .btn.small {
    min-height: 28px;
    padding: 3px 10px;
    font-size: 0.929em;
  }
  .icon-btn {
    display: inline-grid;
    place-items: center;
    width: 30px;
    height: 30px;
    border-radius: var(--_radius);
    border: 0;
    background: transparent;
    color: var(--_muted);
    padding: 0;
  }
  .icon-btn:hover {
    background: var(--_hover);
    color: var(--_fg);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 0.786em;
    font-weight: 600;
    line-height: 1.6;
    background: var(--_surface);
    color: var(--_muted);
    border: 1px solid var(--_border);
    white-space: nowrap;
    font-family: var(--_font);
  }
  .badge.good {
    background: var(--_success-subtle);
    color: var(--_success);
    border-color: transparent;
  }
  .badge.warn {
    background: var(--_warning-subtle);
    color: var(--_warning);
    border-color: transparent;
  }
  .badge.bad {
    background: var(--_danger-subtle);
    color: var(--_danger);
    border-color: transparent;
  }
  .badge.accent {
    background: var(--_accent-subtle);
    color: var(--_accent-text);
    border-color: transparent;
  }
  code,
  .mono {
    font-family: var(--_mono);
    font-size: 0.929em;
  }
  @keyframes pg-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .spin {
    animation: pg-spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .spin {
      animation-duration: 2.4s;
    }
  }
`;
