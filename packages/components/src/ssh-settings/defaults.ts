import type { SshSettings } from '../internal/core.js';

/** A tunnel that is off, with the usual port and the SSH agent: what the SSH section starts from. */
export const DEFAULT_SSH: SshSettings = { enabled: false, host: '', port: 22, user: '', auth: { type: 'agent' } };
