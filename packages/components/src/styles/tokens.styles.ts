import { css, unsafeCSS } from 'lit';
import { FONT_SIZE_PX, FONT_STACK } from '../internal/warmup.js';

/**
 * Global design tokens. Every element reads the public `--pg-*` properties through private `--_*` ones, so a
 * value set on an ancestor (the page, or the dialog's `theme`) flows into nested elements, and the light
 * palette applies when nothing is set. Colours meet WCAG AA: text ≥ 4.5:1, borders and icons ≥ 3:1.
 */
export const tokens = css`
  :host {
    --_bg: var(--pg-color-bg, #ffffff);
    --_surface: var(--pg-color-surface, #f6f7f9);
    --_raised: var(--pg-color-raised, #ffffff);
    --_fg: var(--pg-color-fg, #1b1f24);
    --_muted: var(--pg-color-fg-muted, #59636e);
    --_border: var(--pg-color-border, #d8dee4);
    --_input-bg: var(--pg-color-input-bg, #ffffff);
    --_input-border: var(--pg-color-input-border, #818b98);
    --_hover: var(--pg-color-hover, rgba(27, 31, 36, 0.06));
    --_accent: var(--pg-color-accent, #1f5fd6);
    --_accent-hover: var(--pg-color-accent-hover, #184db0);
    --_on-accent: var(--pg-color-on-accent, #ffffff);
    --_accent-text: var(--pg-color-accent-text, #1a56c5);
    --_accent-subtle: var(--pg-color-accent-subtle, #eaf1fd);
    --_danger: var(--pg-color-danger, #c0262d);
    --_danger-subtle: var(--pg-color-danger-subtle, #fdeeee);
    --_success: var(--pg-color-success, #1a7f37);
    --_success-subtle: var(--pg-color-success-subtle, #e9f6ec);
    --_warning: var(--pg-color-warning, #8a5a00);
    --_warning-subtle: var(--pg-color-warning-subtle, #fff6d9);
    --_focus: var(--pg-color-focus, #1f5fd6);
    --_secondary-bg: var(--pg-color-secondary-bg, #ffffff);
    --_secondary-fg: var(--pg-color-secondary-fg, #1b1f24);
    --_font: var(--pg-font-family, ${unsafeCSS(FONT_STACK)});
    --_mono: var(--pg-font-mono, ui-monospace, 'SF Mono', 'Cascadia Code', Menlo, Consolas, monospace);
    --_size: var(--pg-font-size, ${unsafeCSS(`${FONT_SIZE_PX}px`)});
    --_radius: var(--pg-radius, 6px);
    --_shadow: var(--pg-shadow, 0 20px 50px rgba(16, 24, 40, 0.22), 0 2px 8px rgba(16, 24, 40, 0.08));
    color-scheme: var(--pg-color-scheme, light);
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: 1.45;
    color: var(--_fg);
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
`;

const dark = `
  --pg-color-bg: #16181c;
  --pg-color-surface: #1d2025;
  --pg-color-raised: #22262c;
  --pg-color-fg: #e7eaee;
  --pg-color-fg-muted: #a3abb5;
  --pg-color-border: #30353c;
  --pg-color-input-bg: #111317;
  --pg-color-input-border: #6e7681;
  --pg-color-hover: rgba(255, 255, 255, 0.06);
  --pg-color-accent: #2f6fdb;
  --pg-color-accent-hover: #3d7de8;
  --pg-color-on-accent: #ffffff;
  --pg-color-accent-text: #86b4ff;
  --pg-color-accent-subtle: #182a47;
  --pg-color-danger: #ff8b85;
  --pg-color-danger-subtle: #3a1d1f;
  --pg-color-success: #5ad27a;
  --pg-color-success-subtle: #15301e;
  --pg-color-warning: #e9b949;
  --pg-color-warning-subtle: #352a10;
  --pg-color-focus: #86b4ff;
  --pg-color-secondary-bg: #262a31;
  --pg-color-secondary-fg: #e7eaee;
  --pg-shadow: 0 24px 60px rgba(0, 0, 0, 0.55), 0 2px 8px rgba(0, 0, 0, 0.4);
  --pg-color-scheme: dark;
`;

/** `theme="dark"`, and `theme="auto"` following the operating system. */
export const themes = css`
  :host([theme='dark']) {
    ${unsafeCSS(dark)}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${unsafeCSS(dark)}
    }
  }
`;
