import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ConnectionLost } from '../../client/protocol.js';
import { icons } from '../../internal/icons.js';

/** A push about a connection this page uses: lost (maybe reconnecting) or restored. */
export type ConnectionNotice = { kind: 'lost'; connectionId: string; error: ConnectionLost['error']; reconnecting: boolean } | { kind: 'restored'; connectionId: string };

export interface ConnectionNoticeView {
  notice: ConnectionNotice;
  /** The name of the connection, when this dialog opened it. */
  name: string | undefined;
  onDismiss: () => void;
}

/** The banner for a connection that was lost or restored. */
export function renderConnectionNotice(view: ConnectionNoticeView): TemplateResult {
  const { notice, name } = view;
  const what = name ? `The connection to ${name}` : 'A connection';
  const dismiss = html`<button type="button" class="icon-btn" aria-label="Dismiss" @click=${view.onDismiss}>${icons.close(14)}</button>`;
  return notice.kind === 'lost'
    ? html`<div class="callout ${notice.reconnecting ? 'warn' : 'bad'} notice" part="connection-notice" role="alert">
          ${notice.reconnecting ? icons.spinner() : icons.error()}
          <div><strong>${what} was lost${notice.reconnecting ? ' — reconnecting…' : '.'}</strong><p>${notice.error.message}${notice.error.hint ? ` ${notice.error.hint}` : ''}</p></div>${dismiss}
        </div>`
    : html`<div class="callout good notice" part="connection-notice" role="status">${icons.checkCircle()}<div><strong>${what} was restored.</strong></div>${dismiss}</div>`;
}
