import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  h3 {
    font-size: 0.786em;
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--_muted);
    margin: 0 0 8px;
    display: flex;
    justify-content: space-between;
    align-items: center;
  }
  section + section {
    margin-top: 20px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  li {
    position: relative;
    display: flex;
    align-items: stretch;
    border-radius: var(--_radius);
    background: var(--pg-connection-list-card-bg, transparent);
  }
  li:hover,
  li:focus-within {
    background: var(--_hover);
  }
  li[aria-current='true'] {
    background: var(--_accent-subtle);
  }
  .bar {
    width: 3px;
    border-radius: 3px;
    margin: 6px 0;
    flex: none;
    background: var(--_bar, transparent);
  }
  .select {
    flex: 1;
    min-width: 0;
    text-align: start;
    background: transparent;
    border: 0;
    color: inherit;
    padding: 7px 8px 7px 9px;
    border-radius: var(--_radius);
    display: flex;
    flex-direction: column;
    gap: 1px;
  }
  .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .detail {
    color: var(--_muted);
    font-size: 0.857em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-family: var(--_mono);
  }
  .remove {
    align-self: center;
    margin-inline-end: 4px;
    opacity: 0;
  }
  li:hover .remove,
  li:focus-within .remove {
    opacity: 1;
  }
  @media (hover: none) {
    .remove {
      opacity: 1;
    }
  }
  .empty {
    color: var(--_muted);
    font-size: 0.893em;
    margin: 0;
    padding: 6px 8px;
  }
  .error {
    color: var(--_danger);
    font-size: 0.857em;
  }
`;
