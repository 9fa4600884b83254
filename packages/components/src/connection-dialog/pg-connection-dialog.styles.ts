import { css } from 'lit';

export default css`
  :host {
    display: contents;
  }
  dialog {
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--pg-connection-dialog-radius, 12px);
    width: min(var(--pg-connection-dialog-width, 1040px), calc(100vw - 32px));
    max-width: none;
    max-height: none;
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: var(--_shadow);
    overflow: hidden;
    font: inherit;
  }
  dialog::backdrop {
    background: var(--pg-connection-dialog-backdrop, rgba(15, 20, 30, 0.5));
  }
  .layout {
    display: grid;
    grid-template-columns: var(--pg-connection-dialog-side-width, 248px) minmax(0, 1fr);
    height: min(var(--pg-connection-dialog-height, 780px), calc(100dvh - 48px));
  }
  .layout.no-side {
    grid-template-columns: minmax(0, 1fr);
  }
  aside[part='side-panel'] {
    background: var(--_surface);
    border-inline-end: 1px solid var(--_border);
    padding: 22px 12px;
    overflow: auto;
    display: flex;
    flex-direction: column;
    gap: 24px;
  }
  .main {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
  }
  .header {
    display: flex;
    align-items: flex-start;
    gap: 12px;
    padding: 20px 28px 6px;
  }
  .heading {
    flex: 1;
    min-width: 0;
  }
  .eyebrow {
    margin: 0 0 2px;
    font-size: 0.786em;
    font-weight: 700;
    letter-spacing: 0.07em;
    text-transform: uppercase;
    color: var(--_accent-text);
  }
  h2 {
    margin: 0;
    font-size: 1.43em;
    line-height: 1.25;
    font-weight: 650;
    overflow-wrap: anywhere;
  }
  .close {
    margin-top: -2px;
    margin-inline-end: -8px;
  }
  .side-toggle {
    display: none;
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow: auto;
    padding: 10px 28px 24px;
    display: flex;
    flex-direction: column;
    gap: 20px;
    scrollbar-gutter: stable;
  }
  .tabs-row {
    display: flex;
    align-items: center;
    gap: 12px;
    border-bottom: 1px solid var(--_border);
  }
  .tabs-label {
    font-size: 0.857em;
    color: var(--_muted);
    font-weight: 600;
  }
  .tabs {
    display: flex;
    flex: 1;
    min-width: 0;
    gap: 2px;
    overflow-x: auto;
    scrollbar-width: none;
  }
  [role='tab'] {
    background: none;
    border: 0;
    border-bottom: 2px solid transparent;
    color: var(--_muted);
    padding: 10px 8px 9px;
    margin-bottom: -1px;
    font-weight: 600;
    white-space: nowrap;
    border-radius: 4px 4px 0 0;
  }
  [role='tab']:hover {
    color: var(--_fg);
    background: var(--_hover);
  }
  [role='tab'][aria-selected='true'] {
    color: var(--_accent-text);
    border-bottom-color: var(--_accent);
  }
  [role='tab']:focus-visible {
    outline-offset: -2px;
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: 18px;
  }
  .server-row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--pg-connection-dialog-port-width, 112px);
    gap: 16px;
    align-items: start;
  }
  .row.two {
    grid-template-columns: repeat(2, minmax(0, 1fr));
  }
  .row.three {
    grid-template-columns: auto minmax(0, 1fr) minmax(0, 200px);
  }
  .identity {
    padding-top: 18px;
    border-top: 1px dashed var(--_border);
  }
  .with-button {
    display: flex;
    gap: 6px;
  }
  .with-button .btn {
    padding-inline: 9px;
    flex: none;
  }
  .check.end {
    align-self: end;
    min-height: 34px;
  }
  .fit {
    width: fit-content;
  }
  .callout {
    display: flex;
    gap: 10px;
    align-items: flex-start;
    padding: 10px 14px;
    border-radius: var(--_radius);
    border: 1px solid transparent;
    font-size: 0.929em;
  }
  .callout > svg {
    flex: none;
    margin-top: 2px;
  }
  .callout > div {
    flex: 1;
    min-width: 0;
  }
  .callout p {
    margin: 4px 0 0;
  }
  .callout.accent {
    background: var(--_accent-subtle);
    border-color: color-mix(in srgb, var(--_accent) 30%, transparent);
  }
  .callout.accent > svg {
    color: var(--_accent-text);
  }
  .callout.warn {
    background: var(--_warning-subtle);
    color: var(--_fg);
  }
  .callout.warn > svg {
    color: var(--_warning);
  }
  .callout.bad {
    background: var(--_danger-subtle);
    border-color: color-mix(in srgb, var(--_danger) 35%, transparent);
  }
  .callout.bad > svg,
  .callout.bad strong {
    color: var(--_danger);
  }
  .callout.good {
    background: var(--_success-subtle);
    border-color: color-mix(in srgb, var(--_success) 35%, transparent);
  }
  .callout.good > svg {
    color: var(--_success);
  }
  .notice .icon-btn {
    flex: none;
    margin: -4px -6px 0 0;
  }
  dialog.prompt {
    width: min(540px, calc(100vw - 32px));
    /* The UA's fit-content: a modal dialog is positioned with both insets, so auto would stretch it. */
    height: fit-content;
    max-height: calc(100dvh - 32px);
    margin: auto;
    padding: 20px 22px 18px;
    border: 1px solid var(--_border);
    border-radius: var(--pg-connection-dialog-radius, 12px);
    overflow: auto;
  }
  .prompt-title {
    display: flex;
    gap: 8px;
    align-items: center;
    margin: 0 0 10px;
    font-size: 1.15em;
  }
  .prompt-title > svg {
    color: var(--_accent-text);
  }
  .prompt p {
    margin: 0 0 12px;
    line-height: 1.5;
  }
  dl.facts {
    grid-template-columns: max-content minmax(0, 1fr);
    column-gap: 16px;
    row-gap: 6px;
    padding: 10px 12px;
    margin: 8px 0 12px;
    border-radius: var(--_radius);
    background: var(--_surface);
    border: 1px solid var(--_border);
  }
  dl.facts dt {
    margin: 0;
    align-self: baseline;
  }
  .fingerprint {
    user-select: all;
  }
  .fingerprint.bad {
    color: var(--_danger);
  }
  .prompt-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    flex-wrap: wrap;
  }
  .hostkey-changed p {
    margin: 8px 0 0;
  }
  .callout .code {
    color: var(--_muted);
    font-size: 0.857em;
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
  }
  .recommend {
    color: var(--_muted);
  }
  .provider-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 10px;
    align-items: center;
    margin-top: 10px !important;
  }
  a.btn {
    text-decoration: none;
  }
  .cs-grid {
    display: grid;
    grid-template-columns: minmax(0, 1.45fr) minmax(230px, 1fr);
    gap: 20px;
    align-items: start;
  }
  .label-row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  #connection-string {
    min-height: 112px;
  }
  .parse-error {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .excerpt {
    margin: 0;
    padding: 8px 10px;
    background: var(--_surface);
    border-radius: var(--_radius);
    overflow-x: auto;
    white-space: pre;
    font-size: 0.857em;
  }
  .excerpt mark {
    background: var(--_danger-subtle);
    color: var(--_danger);
    outline: 1px solid var(--_danger);
    border-radius: 2px;
  }
  .warnings {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .details {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 14px 16px;
  }
  .details h3,
  .azure-meta h3,
  .advanced h3 {
    font-size: 0.786em;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--_muted);
    margin: 0 0 10px;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 2px;
    margin: 0;
    font-size: 0.929em;
  }
  dt {
    color: var(--_muted);
    font-size: 0.857em;
  }
  dt:not(:first-child) {
    margin-top: 8px;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
    font-weight: 500;
  }
  .copy-as {
    display: flex;
    flex-direction: column;
    gap: 8px;
    border-top: 1px dashed var(--_border);
    padding-top: 14px;
  }
  .copy-as > legend {
    float: left;
    width: 100%;
    margin-bottom: 8px;
  }
  .copy-as > legend + * {
    clear: both;
  }
  .copy-row {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .copy-row select {
    flex: 1;
  }
  .preview {
    min-height: 0;
    color: var(--_muted);
    background: var(--_surface);
  }
  .azure-meta dl {
    margin-bottom: 10px;
    font-size: 0.857em;
  }
  .advanced {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 16px 18px;
    background: var(--_surface);
  }
  .accordion {
    margin-top: 16px;
    border-top: 1px solid var(--_border);
  }
  .section {
    position: relative;
  }
  details {
    border-bottom: 1px solid var(--_border);
  }
  summary {
    list-style: none;
    display: flex;
    align-items: baseline;
    gap: 12px;
    padding: 11px 4px;
    line-height: 20px;
    cursor: pointer;
    border-radius: 4px;
  }
  summary::-webkit-details-marker {
    display: none;
  }
  summary::before {
    content: '';
    width: 7px;
    height: 7px;
    border-inline-end: 1.6px solid var(--_muted);
    border-bottom: 1.6px solid var(--_muted);
    transform: rotate(-45deg) translateY(-2px);
    transition: transform 0.15s;
    flex: none;
  }
  details[open] > summary::before {
    transform: rotate(45deg) translateY(-3px);
  }
  .summary-title {
    font-weight: 600;
  }
  /* Over the summary's row, beside it (see #section): clicks go through to the summary. */
  .summary-hint {
    position: absolute;
    inset-block-start: 11px;
    inset-inline-end: 4px;
    max-width: calc(100% - 160px);
    line-height: 20px;
    pointer-events: none;
    color: var(--_muted);
    font-size: 0.857em;
    text-align: end;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .section-body {
    padding: 4px 4px 18px 23px;
  }
  .host-line {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 96px auto;
    gap: 8px;
  }
  .narrow {
    max-width: 280px;
  }
  .test {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 14px 18px 16px;
    background: var(--_raised);
  }
  .test.ok {
    border-color: color-mix(in srgb, var(--_success) 45%, var(--_border));
  }
  .test.failed {
    border-color: color-mix(in srgb, var(--_danger) 45%, var(--_border));
  }
  .test-head {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px;
    margin: 0;
    font-size: 1.07em;
  }
  .test.ok .test-head > svg {
    color: var(--_success);
  }
  .test.failed .test-head > svg {
    color: var(--_danger);
  }
  .test.running .test-head > svg {
    color: var(--_accent-text);
  }
  .test-message {
    margin: 4px 0 0;
    color: var(--_muted);
  }
  .stages {
    list-style: none;
    margin: 12px 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
  }
  .stage {
    display: grid;
    grid-template-columns: 20px var(--pg-connection-dialog-stage-name-width, 168px) minmax(0, 1fr) auto;
    gap: 10px;
    align-items: baseline;
    padding: 5px 0;
    border-top: 1px solid var(--_border);
    font-size: 0.929em;
  }
  .stage:first-child {
    border-top: 0;
  }
  .stage-icon {
    display: inline-grid;
    place-items: center;
    align-self: center;
  }
  .stage.ok .stage-icon {
    color: var(--_success);
  }
  .stage.failed .stage-icon,
  .stage.failed .stage-name {
    color: var(--_danger);
  }
  .stage.skipped {
    color: var(--_muted);
  }
  .stage.running .stage-icon {
    color: var(--_accent-text);
  }
  .stage-name {
    font-weight: 600;
  }
  .stage-target {
    font-weight: 400;
    color: var(--_muted);
    font-family: var(--_mono);
    font-size: 0.9em;
  }
  .stage-detail {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .stage-ms {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    font-size: 0.893em;
  }
  .hint {
    margin-top: 12px;
  }
  .perm-title {
    margin: 18px 0 10px;
    font-size: 1em;
  }
  .footer {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 14px 28px;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
    flex-wrap: wrap;
  }
  .spacer {
    flex: 1;
  }
  .chev {
    display: inline-grid;
    transition: transform 0.15s;
  }
  .chev.open {
    transform: rotate(90deg);
  }
  .ok-icon {
    color: var(--_success);
    display: inline-grid;
  }
  .warn-icon {
    color: var(--_warning);
    display: inline-grid;
  }
  .loading {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  @media (max-width: 860px) {
    .cs-grid {
      grid-template-columns: minmax(0, 1fr);
    }
    .row.three {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  @media (max-width: 720px) {
    dialog {
      width: 100vw;
      height: 100dvh;
      border-radius: 0;
      border: 0;
      margin: 0;
      max-width: 100vw;
    }
    .layout,
    .layout.no-side {
      grid-template-columns: minmax(0, 1fr);
      height: 100dvh;
      position: relative;
    }
    aside[part='side-panel'] {
      display: none;
    }
    .side-open aside[part='side-panel'] {
      display: flex;
      position: absolute;
      inset: 68px 0 0;
      z-index: 2;
      border: 0;
      border-top: 1px solid var(--_border);
    }
    .side-toggle {
      display: inline-flex;
    }
    .header {
      padding: 14px 16px 4px;
      align-items: center;
    }
    h2 {
      font-size: 1.2em;
    }
    .body {
      padding: 8px 16px 20px;
    }
    .footer {
      padding: 10px 16px;
      gap: 8px;
    }
    .footer .cancel {
      display: none;
    }
    .footer .spacer {
      flex-basis: 0;
    }
    .test-button,
    [part='primary-button'] {
      flex: 1;
    }
    .server-row {
      grid-template-columns: minmax(0, 1fr) 84px;
      gap: 10px;
    }
    .row.two {
      grid-template-columns: minmax(0, 1fr);
    }
    .stage {
      grid-template-columns: 20px minmax(0, 1fr) auto;
    }
    .stage-detail {
      grid-column: 2 / -1;
      grid-row: 2;
    }
    .section-body {
      padding-inline-start: 4px;
    }
    .advanced {
      padding: 12px;
    }
    .tabs-label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0, 0, 0, 0);
    }
    [role='tab'] {
      padding-inline: 8px;
    }
    /* The tab list scrolls sideways; the fade says there is more. */
    .tabs {
      mask-image: linear-gradient(90deg, #000 calc(100% - 28px), transparent);
      padding-inline-end: 28px;
    }
  }
`;
