import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .modes {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 210px), 1fr));
    gap: 8px;
  }
  .mode {
    position: relative;
    display: flex;
    gap: 10px;
    align-items: flex-start;
    padding: 10px 12px;
    border: 1px solid var(--pg-ssl-settings-card-border, var(--_border));
    border-radius: var(--_radius);
    background: var(--_raised);
    cursor: pointer;
  }
  .mode:hover {
    background: var(--_hover);
  }
  .mode:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
    background: var(--_accent-subtle);
  }
  .mode input {
    margin-top: 3px;
  }
  .mode-name {
    font-weight: 600;
    font-family: var(--_mono);
    font-size: 0.929em;
    display: flex;
    gap: 6px;
    align-items: center;
    flex-wrap: wrap;
  }
  .mode-summary {
    color: var(--_muted);
    font-size: 0.857em;
    display: block;
    margin-top: 2px;
  }
  .explain {
    margin: 10px 0 0;
    padding: 10px 12px;
    border-radius: var(--_radius);
    background: var(--_surface);
    border-inline-start: 3px solid var(--_accent);
    font-size: 0.893em;
  }
  .explain.weak {
    border-inline-start-color: var(--_warning);
  }
  /* A floated legend leaves the fieldset's border alone and lays out like a heading. */
  .section-title {
    float: left;
    width: 100%;
    font-weight: 600;
    margin: 0 0 8px;
  }
  .section-title + * {
    clear: both;
  }
  .group {
    border-top: 1px solid var(--_border);
    padding-top: 14px;
  }
  .hint-text {
    color: var(--_muted);
  }
`;
