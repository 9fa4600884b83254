import { css } from 'lit';

/** For `renderPemSource()`: the label and the file-or-PEM picker on one line. */
export const pemSourceStyles = css`
  .pem-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
  }
  select.compact {
    width: auto;
    min-height: 28px;
    padding: 2px 6px;
    font-size: 0.857em;
  }
`;
