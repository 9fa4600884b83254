import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 14px 16px;
    align-items: start;
  }
  .full {
    grid-column: 1 / -1;
  }
  @media (max-width: 560px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .password-wrap {
    position: relative;
    display: flex;
  }
  .password-wrap input {
    padding-inline-end: 64px;
  }
  .reveal {
    position: absolute;
    inset-inline-end: 4px;
    top: 50%;
    transform: translateY(-50%);
    border: 0;
    background: transparent;
    color: var(--_accent-text);
    font-size: 0.857em;
    font-weight: 600;
    padding: 4px 8px;
    border-radius: var(--_radius);
  }
  .reveal:hover {
    background: var(--_hover);
  }
  .hint-text {
    color: var(--_muted);
  }
  .token {
    display: flex;
    gap: 6px;
    align-items: center;
    margin: 0;
  }
  .add-account {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .add-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .device-code {
    border: 1px solid color-mix(in srgb, var(--_accent) 35%, var(--_border));
    background: var(--_accent-subtle);
    border-radius: var(--_radius);
    padding: 12px 14px;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
  }
  .device-code h4 {
    margin: 0;
    font-size: 1em;
  }
  .device-code ol {
    margin: 0;
    padding-inline-start: 20px;
    line-height: 1.5;
  }
  .device-code a {
    color: var(--_accent-text);
    overflow-wrap: anywhere;
  }
  .code-row {
    display: flex;
    align-items: center;
    gap: 12px;
    flex-wrap: wrap;
  }
  .user-code {
    font-family: var(--_mono);
    font-size: 1.5em;
    font-weight: 700;
    letter-spacing: 0.12em;
    padding: 4px 12px;
    border-radius: var(--_radius);
    background: var(--_raised);
    border: 1px solid var(--_border);
    user-select: all;
  }
  .device-code .help {
    margin: 0;
    display: flex;
    gap: 6px;
    align-items: center;
  }
`;
