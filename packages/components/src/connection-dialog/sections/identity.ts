import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ServerGroup } from '../../client/protocol.js';
import type { ConnectionProfile, ValidationIssue } from '../../internal/core.js';
import { renderField } from './field.js';

export interface IdentityView {
  draft: ConnectionProfile;
  visible: ValidationIssue[];
  groups: ServerGroup[];
  onNameInput: (e: Event) => void;
  onGroupChange: (e: Event) => void;
}

/** Connection name and server group, under every tab. */
export function renderIdentity(view: IdentityView): TemplateResult {
  const { draft } = view;
  return html`<div class="row two identity">
      ${renderField('name', 'name', 'Connection name', draft.name, view.visible, { optional: true, placeholder: 'Shown in Saved Connections', onInput: view.onNameInput })}
      <div class="field">
        <label class="label" for="group">Server group</label>
        <select id="group" .value=${draft.groupId ?? ''} @change=${view.onGroupChange}>
          <option value="" ?selected=${!draft.groupId}>Default</option>
          ${view.groups.map((g) => html`<option value=${g.id} ?selected=${g.id === draft.groupId}>${g.name}</option>`)}
        </select>
      </div>
    </div>`;
}
