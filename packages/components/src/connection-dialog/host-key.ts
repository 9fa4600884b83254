import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ConnectionProfile } from '../internal/core.js';
import type { SshHostKeyPrompt } from '../client/protocol.js';
import { icons } from '../internal/icons.js';

/** Which machine a prompt is about: hop 0 is the first jump host if there are any, else the SSH host (core's ssh.ts). */
export function hopLabel(profile: ConnectionProfile, hop: number): string {
  const jumps = profile.ssh?.jumpHosts?.length ?? 0;
  return hop < jumps ? `jump host ${hop + 1} of ${jumps}` : 'SSH server';
}

/**
 * The profile with the trusted fingerprint pinned on the hop it belongs to, so later connections check it; the
 * profile itself when that hop is not the host and port the prompt names (the bridge sends the profile's own
 * values, so they differ only when the prompt was for another connection than this profile).
 */
export function pinHostKey(profile: ConnectionProfile, prompt: SshHostKeyPrompt): ConnectionProfile {
  const ssh = profile.ssh;
  if (!ssh) return profile;
  const jumps = ssh.jumpHosts ?? [];
  const hop = prompt.hop < jumps.length ? jumps[prompt.hop] : prompt.hop === jumps.length ? ssh : undefined;
  if (hop?.host !== prompt.host || hop.port !== prompt.port) return profile;
  if (prompt.hop < jumps.length) {
    return { ...profile, ssh: { ...ssh, jumpHosts: jumps.map((j, i) => (i === prompt.hop ? { ...j, knownHostKey: prompt.fingerprint } : j)) } };
  }
  return { ...profile, ssh: { ...ssh, knownHostKey: prompt.fingerprint } };
}

/**
 * Trust on first use: the bridge met a host key that neither known_hosts nor the profile pins and waits for the
 * user. Cancel is focused first, so Enter never trusts a key by accident.
 */
export function renderHostKeyPrompt(prompt: SshHostKeyPrompt, profile: ConnectionProfile, answer: (trust: boolean) => void): TemplateResult {
  return html`<dialog class="prompt" part="host-key-prompt" aria-labelledby="hostkey-title" aria-describedby="hostkey-why"
    @keydown=${(e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      answer(false);
    }}
    @cancel=${(e: Event) => e.preventDefault()}>
    <h3 id="hostkey-title" class="prompt-title">${icons.info(18)}Trust this SSH host key?</h3>
    <p id="hostkey-why">
      This is the first connection to this ${hopLabel(profile, prompt.hop)}: its key is in neither known_hosts nor this connection's
      settings. Check the fingerprint against the one the server's administrator gives you
      (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the server) before you trust it.
    </p>
    <dl class="facts">
      <dt>Host</dt><dd class="mono">${prompt.host}:${prompt.port}</dd>
      <dt>Key type</dt><dd class="mono">${prompt.keyType}</dd>
      <dt>Fingerprint</dt><dd class="mono fingerprint">${prompt.fingerprint}</dd>
    </dl>
    <p class="help">Trusting pins this fingerprint in the connection (trust on first use): if the server ever presents a different key,
      the connection stops instead of sending anything.</p>
    <div class="prompt-actions">
      <button type="button" class="btn" data-answer="cancel" autofocus @click=${() => answer(false)}>Cancel</button>
      <button type="button" class="btn primary" data-answer="trust" @click=${() => answer(true)}>Trust and continue</button>
    </div>
  </dialog>`;
}

/** A changed host key is a hard failure: both fingerprints, and no way to trust it from here. */
export function renderHostKeyChanged(data: Readonly<Record<string, unknown>> | undefined): TemplateResult | typeof nothing {
  const text = (key: string) => (typeof data?.[key] === 'string' ? (data[key] as string) : undefined);
  const host = text('host');
  return html`<div class="hostkey-changed" part="host-key-changed">
    <p><strong>Possible interception: nothing was sent.</strong></p>
    <dl class="facts">
      ${host ? html`<dt>Host</dt><dd class="mono">${host}${typeof data?.port === 'number' ? `:${data.port}` : ''}</dd>` : nothing}
      ${text('keyType') ? html`<dt>Key type</dt><dd class="mono">${text('keyType')}</dd>` : nothing}
      <dt>Expected</dt><dd class="mono fingerprint">${text('expected') ?? 'the pinned key'}</dd>
      <dt>Received</dt><dd class="mono fingerprint bad">${text('received') ?? 'another key'}</dd>
    </dl>
  </div>`;
}
