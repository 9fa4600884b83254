import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .summary {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 112px), 1fr));
    gap: 8px;
    margin-bottom: 14px;
  }
  .intent {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 8px 10px;
    background: var(--_raised);
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .intent strong {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.929em;
  }
  .intent .yes {
    color: var(--_success);
  }
  .intent .no {
    color: var(--_muted);
  }
  .intent span {
    color: var(--_muted);
    font-size: 0.821em;
  }
  .role {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin-bottom: 12px;
  }
  .role-name {
    font-weight: 600;
    font-family: var(--_mono);
    margin-inline-end: 4px;
  }
  details {
    border-top: 1px solid var(--_border);
    padding: 8px 0;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    padding: 2px 0;
    border-radius: 4px;
  }
  summary .count {
    color: var(--_muted);
    font-weight: 400;
  }
  .table-wrap {
    overflow-x: auto;
    margin-top: 8px;
    max-height: var(--pg-permissions-view-max-height, 320px);
    overflow-y: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.893em;
  }
  th,
  td {
    text-align: start;
    padding: 5px 8px;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--pg-permissions-view-header-bg, var(--_raised));
    font-size: 0.857em;
    color: var(--_muted);
    font-weight: 600;
  }
  td.obj {
    font-family: var(--_mono);
  }
  td.c,
  th.c {
    text-align: center;
  }
  .yes {
    color: var(--_success);
  }
  .no {
    color: var(--_muted);
  }
  .via {
    display: block;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .filter {
    margin: 8px 0 0;
    max-width: 280px;
  }
  .note {
    color: var(--_muted);
    font-size: 0.857em;
    margin: 6px 0 0;
  }
`;
