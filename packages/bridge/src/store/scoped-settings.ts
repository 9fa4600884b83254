import { BridgeError } from '@pgconnect/core';
import type { ProfileScope } from '@pgconnect/core';
import { userSettingsPath, workspaceSettingsPath } from './config-dirs.js';
import { SettingsFile, type SettingsFileOptions } from './settings-file.js';
import { settingsCodec, type SettingsDocument } from './settings-schema.js';

/**
 * The two settings files profiles and groups live in: the user's (private, 0600 in a 0700 directory) and, when
 * the host names a workspace folder, the workspace's (meant to be shared through version control, so ordinary
 * permissions).
 */
export class ScopedSettings {
  readonly user: SettingsFile<SettingsDocument>;
  readonly workspace: SettingsFile<SettingsDocument> | undefined;

  constructor(locations: { userDir: string; workspaceDir?: string | undefined }, lock: SettingsFileOptions = {}) {
    this.user = new SettingsFile(userSettingsPath(locations.userDir), settingsCodec('user'), { ...lock, mode: 0o600, dirMode: 0o700 });
    this.workspace = locations.workspaceDir
      ? new SettingsFile(workspaceSettingsPath(locations.workspaceDir), settingsCodec('workspace'), { ...lock, mode: 0o644, dirMode: 0o755 })
      : undefined;
  }

  get scopes(): ProfileScope[] {
    return this.workspace ? ['user', 'workspace'] : ['user'];
  }

  file(scope: ProfileScope): SettingsFile<SettingsDocument> {
    if (scope === 'user') return this.user;
    if (this.workspace) return this.workspace;
    throw new BridgeError('STORE_WORKSPACE_UNAVAILABLE');
  }

  /** Both documents, user first. */
  async readAll(): Promise<{ scope: ProfileScope; doc: SettingsDocument }[]> {
    return Promise.all(this.scopes.map(async (scope) => ({ scope, doc: await this.file(scope).read() })));
  }
}
