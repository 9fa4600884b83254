import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 12px;
    margin-bottom: 12px;
  }
  h2 {
    font-size: 1.143em;
    margin: 0;
  }
  .groups {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .group {
    display: flex;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_raised);
    overflow: hidden;
  }
  .bar {
    width: var(--pg-server-groups-bar-width, 5px);
    flex: none;
    background: var(--_bar, var(--_border));
  }
  .body {
    flex: 1;
    min-width: 0;
    padding: 10px 12px;
  }
  .title {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .title h3 {
    font-size: 1em;
    margin: 0;
    flex: 1;
    min-width: 0;
  }
  .count {
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.857em;
  }
  .desc {
    color: var(--_muted);
    margin: 2px 0 0;
    font-size: 0.893em;
  }
  .connections {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .connections button {
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: inherit;
    border-radius: 999px;
    padding: 2px 10px;
    font-size: 0.857em;
  }
  .connections button:hover {
    background: var(--_hover);
  }
  form {
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 14px;
    background: var(--_raised);
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .swatches {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .swatch {
    position: relative;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    background: var(--_swatch);
    box-shadow: inset 0 0 0 1px rgba(0, 0, 0, 0.15);
    cursor: pointer;
  }
  .swatch input {
    position: absolute;
    inset: 0;
    opacity: 0;
    margin: 0;
    width: 100%;
    height: 100%;
    cursor: pointer;
  }
  .swatch:has(input:checked) {
    outline: 2px solid var(--_fg);
    outline-offset: 2px;
  }
  .swatch:has(input:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  input[type='color'] {
    width: 36px;
    height: 30px;
    padding: 0;
    border: 1px solid var(--_input-border);
    border-radius: var(--_radius);
    background: none;
  }
  .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    flex-wrap: wrap;
  }
  .confirm {
    margin-top: 8px;
    padding: 8px 10px;
    border-radius: var(--_radius);
    background: var(--_warning-subtle);
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    justify-content: space-between;
  }
  .error {
    color: var(--_danger);
  }
`;
