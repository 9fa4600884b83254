import { expect, fixture, html } from '@open-wc/testing';
import { gradeIntents } from './pg-permissions-view.js';
import type { PgPermissionsView } from './pg-permissions-view.js';
import { samplePrivileges } from '../test-support/fixtures.js';

describe('<pg-permissions-view>', () => {
  it('asks for a test when there is no report', async () => {
    const el = await fixture<PgPermissionsView>(html`<pg-permissions-view></pg-permissions-view>`);
    expect(el.shadowRoot!.textContent).to.contain('Run Test Connection');
  });

  it('grades what the role can do, counting inherited grants', () => {
    const intents = Object.fromEntries(gradeIntents(samplePrivileges).map((i) => [i.label, i.ok]));
    expect(intents).to.deep.equal({ Connect: true, 'Read data': true, 'Write data': true, 'Change schema': true, Replication: false });
  });

  it('shows the role a table privilege is inherited through', async () => {
    const el = await fixture<PgPermissionsView>(html`<pg-permissions-view .report=${samplePrivileges}></pg-permissions-view>`);
    const row = [...el.shadowRoot!.querySelectorAll('[part~="tables"] tbody tr')].find((r) => r.textContent!.includes('public.customers'))!;
    expect(row.textContent).to.contain('via app_rw');
  });

  it('has no accessibility violations', async () => {
    const el = await fixture<PgPermissionsView>(html`<pg-permissions-view .report=${samplePrivileges}></pg-permissions-view>`);
    await expect(el).to.be.accessible();
  });
});
