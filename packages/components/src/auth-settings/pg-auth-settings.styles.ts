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
`;
