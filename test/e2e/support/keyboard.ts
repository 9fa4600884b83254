/**
 * Keyboard-only driving: focus moves with Tab (or Shift+Tab) until it reaches the control a user is after.
 * Reading where the focus is uses the page; acting never does.
 */
import type { Locator, Page } from 'playwright-core';

/** True when `locator`'s element has the focus, looking through shadow roots to the innermost active element. */
export async function isFocused(locator: Locator): Promise<boolean> {
  // Runs in the page; the test code is compiled without the DOM library, hence the minimal shapes.
  return locator.evaluate((element) => {
    interface Focusable {
      shadowRoot: { activeElement: Focusable | null } | null;
    }
    let active = (globalThis as unknown as { document: { activeElement: Focusable | null } }).document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === (element as unknown);
  });
}

/** What has the focus, for a failure message: tag, id and accessible-ish name. */
export async function describeFocus(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return 'nothing';
    const name = active.getAttribute('aria-label') || (active.labels && active.labels[0] && active.labels[0].textContent) || active.textContent || '';
    return active.tagName.toLowerCase() + (active.id ? '#' + active.id : '') + ' "' + name.trim().replace(/\\s+/g, ' ').slice(0, 60) + '"';
  })()`);
}

/** Presses Tab (Shift+Tab with `backward`) until `target` has the focus; throws after `max` presses. */
export async function tabTo(target: Locator, options: { backward?: boolean; max?: number } = {}): Promise<void> {
  const page = target.page();
  const max = options.max ?? 60;
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(options.backward ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab did not reach ${String(target)} in ${max} presses; the focus is on ${await describeFocus(page)}`);
}

/** Presses an arrow key until `target` (a radio button) is checked; throws after `max` presses. */
export async function arrowTo(target: Locator, key: 'ArrowRight' | 'ArrowDown' = 'ArrowRight', max = 10): Promise<void> {
  const page = target.page();
  for (let presses = 0; presses <= max; presses++) {
    if (await target.isChecked()) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} did not check ${String(target)} in ${max} presses; the focus is on ${await describeFocus(page)}`);
}
