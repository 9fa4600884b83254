/**
 * Every story is a fixture: each one renders, reaches the state its play function sets up, and leaves the
 * element with a rendered shadow root. `test/stories.test.ts` (node) checks that this list names every
 * `*.stories.ts` file and that every element has a story.
 */
import { expect, fixture } from '@open-wc/testing';
import type { Meta, Story } from './test-support/csf.js';
import * as authSettings from './auth-settings/pg-auth-settings.stories.js';
import * as azureBrowser from './connection-dialog/pg-azure-browser.stories.js';
import * as connectionDialog from './connection-dialog/pg-connection-dialog.stories.js';
import * as connectionList from './connection-list/pg-connection-list.stories.js';
import * as permissionsView from './permissions-view/pg-permissions-view.stories.js';
import * as serverGroups from './server-groups/pg-server-groups.stories.js';
import * as sshSettings from './ssh-settings/pg-ssh-settings.stories.js';
import * as sslSettings from './ssl-settings/pg-ssl-settings.stories.js';

export const STORY_MODULES = { authSettings, azureBrowser, connectionDialog, connectionList, permissionsView, serverGroups, sshSettings, sslSettings };

type AnyArgs = Record<string, unknown>;

for (const module of Object.values(STORY_MODULES)) {
  const { default: meta, ...stories } = module as unknown as { default: Meta<AnyArgs> } & Record<string, Story<AnyArgs>>;
  describe(`stories of <${meta.component}>`, () => {
    for (const [name, story] of Object.entries(stories)) {
      it(`renders ${name}`, async () => {
        const args = { ...meta.args, ...story.args } as AnyArgs;
        const el = await fixture<HTMLElement>((story.render ?? meta.render)(args));
        const canvasElement = el.parentElement!;
        await story.play?.({ canvasElement, args });
        const element = canvasElement.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>(meta.component)!;
        expect(element, `<${meta.component}> in ${name}`).to.not.equal(null);
        await element.updateComplete;
        expect(element.shadowRoot!.childElementCount).to.be.greaterThan(0);
      });
    }
  });
}
