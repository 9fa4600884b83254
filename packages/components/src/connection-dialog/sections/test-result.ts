import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { StageReport, TestReport } from '../../client/protocol.js';
import { icons } from '../../internal/icons.js';
import type * as HostKey from '../host-key.js';
import { STAGE_LABELS } from '../labels.js';
import type { Section } from './advanced.js';

/** Test Connection: not run, streaming its stages, or ended with a report. */
export type TestState =
  | { status: 'idle' }
  | { status: 'running'; testId: string; stages: StageReport[]; viaClient: boolean }
  | { status: 'done'; report: TestReport };

export interface TestResultView {
  test: TestState;
  /** The host-key module, once loaded: it draws a changed key's fingerprints. */
  hostKey: typeof HostKey | undefined;
  onOpenSection: (section: Section) => void;
}

/** Test Connection's result: the stages, the check or the warning, the hint, a fix shortcut and the privileges. */
export function renderTestResult(view: TestResultView): TemplateResult | typeof nothing {
  const test = view.test;
  if (test.status === 'idle') return nothing;
  const stages = test.status === 'running' ? test.stages : test.report.stages;
  const report = test.status === 'done' ? test.report : undefined;
  return html`<section class="test ${report ? (report.ok ? 'ok' : 'failed') : 'running'}" part="test-result" aria-labelledby="test-title">
      <h3 id="test-title" class="test-head">
        ${!report ? html`${icons.spinner(18)}<span>Testing connection…</span>` : report.ok ? html`${icons.checkCircle(18)}<span>Connection succeeded</span>` : html`${icons.warning(18)}<span>Could not connect</span>`}
        ${report?.server ? html`<span class="badge">${report.server.inRecovery ? 'standby' : 'primary'}</span>` : nothing}
        ${report?.tls ? html`<span class="badge ${report.tls.verified ? 'good' : report.tls.encrypted ? 'warn' : 'bad'}">${report.tls.encrypted ? `${report.tls.protocol ?? 'TLS'}${report.tls.verified ? ', verified' : ', not verified'}` : 'not encrypted'}</span>` : nothing}
        ${report?.facts?.transactionReadOnly ? html`<span class="badge">read-only</span>` : nothing}
      </h3>
      ${report?.ok ? html`<p class="test-message">${report.message}</p>` : nothing}
      ${stages.length > 0
        ? html`<ol class="stages" aria-label="Connection stages">
            ${stages.map(
              (s) => html`<li class="stage ${s.status}">
                <span class="stage-icon">${s.status === 'running' ? icons.spinner(14) : s.status === 'ok' ? icons.check(14) : s.status === 'failed' ? icons.error(14) : icons.skip(14)}</span>
                <span class="stage-name">${STAGE_LABELS[s.stage]}${s.target ? html` <span class="stage-target">${s.target}</span>` : nothing}<span class="sr-only">: ${s.status}</span></span>
                <span class="stage-detail">${s.detail ?? ''}</span>
                <span class="stage-ms">${s.status === 'skipped' ? 'skipped' : `${Math.round(s.ms)} ms`}</span>
              </li>`,
            )}
          </ol>`
        : nothing}
      ${report && !report.ok
        ? html`<div class="callout bad hint" role="alert">${icons.error()}<div><strong>${report.message}</strong>${report.hint ? html`<p>${report.hint}</p>` : nothing}${report.code === 'SSH_HOST_KEY_CHANGED' ? view.hostKey?.renderHostKeyChanged(report.data) : nothing}${renderFix(view, report.code)}</div></div>`
        : nothing}
      ${report?.privileges ? html`<h4 class="perm-title">Effective privileges</h4><pg-permissions-view .report=${report.privileges}></pg-permissions-view>` : nothing}
    </section>`;
}

/** A shortcut to the settings that usually fix a failure, next to its code. */
function renderFix(view: TestResultView, code: string | undefined): TemplateResult | typeof nothing {
  if (!code) return nothing;
  const section: Section | undefined = /^(TLS|SSL)_/.test(code) ? 'ssl' : /^SSH_/.test(code) ? 'ssh' : undefined;
  return html`<p class="code"><code>${code}</code>${section
    ? html`<button type="button" class="btn quiet small" @click=${() => view.onOpenSection(section)}>Open ${section === 'ssl' ? 'SSL' : 'SSH tunnel'} settings</button>`
    : nothing}</p>`;
}
