import { svg } from 'lit';
import type { SVGTemplateResult } from 'lit';

/** Small inline icons (16 px, currentColor). Decorative: the text next to them carries the meaning. */
const icon = (body: SVGTemplateResult, size = 16) =>
  svg`<svg width=${size} height=${size} viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const icons = {
  check: (size?: number) => icon(svg`<path d="M3 8.5l3.2 3.2L13 5"/>`, size),
  checkCircle: (size?: number) => icon(svg`<circle cx="8" cy="8" r="6.5"/><path d="M5.2 8.2l2 2 3.8-4"/>`, size),
  warning: (size?: number) => icon(svg`<path d="M8 1.8l6.6 11.7H1.4z"/><path d="M8 6.2v3.4M8 11.6v.1"/>`, size),
  error: (size?: number) => icon(svg`<circle cx="8" cy="8" r="6.5"/><path d="M8 4.6v4M8 11v.1"/>`, size),
  info: (size?: number) => icon(svg`<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4M8 4.8v.1"/>`, size),
  close: (size?: number) => icon(svg`<path d="M4 4l8 8M12 4l-8 8"/>`, size),
  trash: (size?: number) => icon(svg`<path d="M2.8 4.2h10.4M6.2 4.2V2.6h3.6v1.6M4.2 4.2l.7 9.2h6.2l.7-9.2"/>`, size),
  plus: (size?: number) => icon(svg`<path d="M8 3v10M3 8h10"/>`, size),
  edit: (size?: number) => icon(svg`<path d="M10.5 2.5l3 3L6 13H3v-3z"/>`, size),
  copy: (size?: number) => icon(svg`<rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5v-.5A1.5 1.5 0 009 1.5H3A1.5 1.5 0 001.5 3v6A1.5 1.5 0 003 10.5h.5"/>`, size),
  chevron: (size?: number) => icon(svg`<path d="M6 3.5L10.5 8 6 12.5"/>`, size),
  refresh: (size?: number) => icon(svg`<path d="M13.5 8a5.5 5.5 0 11-1.6-3.9M13.5 2.5v3h-3"/>`, size),
  database: (size?: number) => icon(svg`<ellipse cx="8" cy="3.8" rx="5.5" ry="2.1"/><path d="M2.5 3.8v8.4c0 1.2 2.5 2.1 5.5 2.1s5.5-.9 5.5-2.1V3.8M2.5 8c0 1.2 2.5 2.1 5.5 2.1s5.5-.9 5.5-2.1"/>`, size),
  lock: (size?: number) => icon(svg`<rect x="3" y="7" width="10" height="7" rx="1.5"/><path d="M5.3 7V5a2.7 2.7 0 015.4 0v2"/>`, size),
  arrowUp: (size?: number) => icon(svg`<path d="M8 13V3M4 7l4-4 4 4"/>`, size),
  spinner: (size?: number) =>
    svg`<svg class="spin" width=${size ?? 16} height=${size ?? 16} viewBox="0 0 16 16" fill="none" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="6" stroke="currentColor" stroke-opacity="0.25" stroke-width="2"/><path d="M14 8a6 6 0 00-6-6" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>`,
  dot: (size?: number) => icon(svg`<circle cx="8" cy="8" r="2.5" fill="currentColor" stroke="none"/>`, size),
  skip: (size?: number) => icon(svg`<path d="M4 8h8"/>`, size),
};
