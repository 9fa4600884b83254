/**
 * Work the dialog's first render would otherwise do, done while the page is idle after the module loaded, so
 * that opening the dialog (on a click, later) finds it done. Nothing visible changes; each step is once per page.
 *
 * - Font strikes. The first time a page draws text in a given font, weight and size, Chromium's renderer asks
 *   the browser process for it (a blocking IPC, about 0.5–1.5 ms each, more on a busy machine). The dialog's
 *   first screen draws text in nine strikes: ~10 ms of its first render on a page that has not used them. A
 *   canvas's `measureText()` loads them without DOM or layout.
 * - Constructed style sheets. Lit creates an element's `CSSStyleSheet`s (and parses them) when its first
 *   instance connects; they are shared by every instance afterwards.
 */
import type { CSSResultOrNative } from 'lit';

/** The default `--pg-font-family` (tokens.styles.ts). */
export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
/** The default `--pg-font-size` in pixels (tokens.styles.ts). */
export const FONT_SIZE_PX = 14;

/**
 * The strikes of the dialog's first screen (Parameters tab, side panel, authentication), as weight and size
 * relative to `--pg-font-size`, from its styles: body text, labels (0.929em), list text (0.893em), help
 * (0.857em), eyebrows and list headings (0.786em), the title (1.43em).
 */
const FIRST_SCREEN: readonly (readonly [weight: number, em: number])[] = [
  [400, 1],
  [600, 1],
  [400, 0.929],
  [600, 0.929],
  [400, 0.893],
  [400, 0.857],
  [600, 0.857],
  [700, 0.786],
  [650, 1.43],
];

interface Styled {
  readonly elementStyles: readonly CSSResultOrNative[];
}

let pending: Styled[] | undefined;

/** Schedules the warm-up for these element classes, when the page is next idle. Safe outside browsers. */
export function scheduleWarmup(...elements: Styled[]): void {
  if (typeof document === 'undefined') return;
  if (pending) {
    pending.push(...elements);
    return;
  }
  pending = [...elements];
  const run = () => {
    const classes = pending ?? [];
    pending = [];
    warmStyles(classes);
    warmFonts();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 250);
}

function warmStyles(classes: readonly Styled[]): void {
  for (const element of classes) {
    for (const style of element.elementStyles) {
      // A CSSResult builds (and caches) its sheet on first read.
      if (!(style instanceof CSSStyleSheet)) void style.styleSheet;
    }
  }
}

function warmFonts(): void {
  try {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return;
    // A page that sets the public tokens on its root draws with those instead.
    const root = getComputedStyle(document.documentElement);
    const family = root.getPropertyValue('--pg-font-family').trim() || FONT_STACK;
    const size = Number.parseFloat(root.getPropertyValue('--pg-font-size')) || FONT_SIZE_PX;
    for (const [weight, em] of FIRST_SCREEN) {
      context.font = `${weight} ${size * em}px ${family}`;
      context.measureText('Aa');
    }
  } catch {
    // Only an optimisation.
  }
}
