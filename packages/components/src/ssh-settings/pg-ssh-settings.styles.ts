import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .host-port {
    display: grid;
    grid-template-columns: minmax(0, 1fr) var(--pg-ssh-settings-port-width, 96px);
    gap: 12px;
  }
  .note {
    margin: 0;
    padding: 8px 12px;
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 0.893em;
    display: flex;
    gap: 8px;
  }
  .note svg {
    flex: none;
    margin-top: 3px;
    color: var(--_accent-text);
  }
  .hops {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .hop {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 10px 12px;
    background: var(--_raised);
  }
  .hop-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    margin-bottom: 8px;
    font-weight: 600;
  }
  .hop-grid {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(70px, 0.6fr) minmax(0, 1fr) minmax(0, 1fr);
    gap: 10px;
  }
  @media (max-width: 560px) {
    .hop-grid {
      grid-template-columns: minmax(0, 1fr) 80px;
    }
  }
  .hint-text {
    color: var(--_muted);
  }
`;
