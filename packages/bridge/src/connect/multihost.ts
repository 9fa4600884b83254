/**
 * libpq's walk over the host list (fe-connect.c `PQconnectPoll`, `pqConnectDBComplete`): hosts in order (or
 * shuffled for load_balance_hosts=random), each host's addresses in order, each address through
 * `connectAddress`, then the target_session_attrs check — with prefer-standby making a second pass that
 * accepts any server. Which failures move on and which end everything is decided in `attempt.ts`. A tunnel is
 * set up before the walk (`TunnelFactory.prepare`); a failure there ends the connection, as every host is behind it.
 */
import { BridgeError, isIpLiteral } from '@pgconnect/core';
import { translateError } from '../errors/translate.js';
import { abortable, deadline } from './abort.js';
import { AttemptFailure, connectAddress, describe, type AttemptContext, type Dialable } from './attempt.js';
import { resolveHost } from './dns.js';
import type { HostEntry } from './plan.js';
import { checkSession, passesFor } from './session-attrs.js';
import { shuffled } from './shuffle.js';
import { socketPath } from './tcp.js';
import type { Connected } from './types.js';

/** `db.example.com:5432` or `[::1]:5432` typed into the host field. */
const HOST_WITH_PORT = /^(\[[^\]]*\]|[^:[\]]+):\d{1,5}$/;

export async function connectHosts(ctx: AttemptContext, signal: AbortSignal, random: () => number): Promise<Connected> {
  const plan = ctx.plan;
  const hosts = plan.loadBalance ? shuffled(plan.hosts, random) : plan.hosts;
  let lastFailure: BridgeError | undefined;
  const mismatched: string[] = [];

  // The tunnel's hops are shared by every address and may wait on a person (a host-key prompt): they are opened
  // once, here, with the caller's cancel only; each address's connect_timeout starts after them.
  await ctx.tunnel?.prepare?.({ signal, onStage: (report) => ctx.stages.report(report) });

  for (const wanted of passesFor(plan.targetSessionAttrs)) {
    for (const entry of hosts) {
      let dialables: Dialable[];
      try {
        dialables = await addressesOf(ctx, entry, signal);
      } catch (error) {
        // libpq: a name that does not resolve moves on to the next host.
        lastFailure = error as BridgeError;
        if (lastFailure.code === 'BRIDGE_CANCELLED') throw lastFailure;
        continue;
      }
      if (plan.loadBalance) dialables = shuffled(dialables, random);

      for (const dialable of dialables) {
        let connected;
        try {
          connected = await connectAddress(ctx, entry, dialable, signal);
        } catch (error) {
          if (!(error instanceof AttemptFailure)) throw error;
          lastFailure = error.error;
          if (error.next === 'stop') throw error.error;
          if (error.next === 'host') break;
          continue;
        }
        const target = describe(entry, dialable);
        const { client, tls, warnings } = connected;
        const check = await ctx.stages
          .run('ready', target, () => checkSession(client, wanted), {
            translate: (e) => translateError(e, { stage: 'ready', host: entry.host, port: entry.port }),
            detail: (c) =>
              c.matches
                ? `${c.kind}; ready for queries`
                : `${c.kind} does not match target_session_attrs=${wanted}; trying the next host`,
          })
          .catch((error: unknown) => {
            client.end().catch(() => {});
            throw error;
          });
        if (check.matches) {
          return { client, endpoint: { host: entry.host, port: entry.port, address: addressOf(dialable), tls }, warnings };
        }
        // libpq sends Terminate and moves to the next host, not the next address of the same server.
        await client.end().catch(() => {});
        mismatched.push(`${entry.host}:${entry.port} (${check.kind})`);
        break;
      }
    }
  }
  if (mismatched.length > 0) {
    throw new BridgeError('PG_TARGET_SESSION_ATTRS_UNMET', { data: { attrs: plan.targetSessionAttrs, hosts: mismatched } });
  }
  throw lastFailure ?? new BridgeError('NET_CONNECT_FAILED');
}

/** The `dns` stage: a socket path, the hostaddr, the tunnel, or every address the name resolves to. */
async function addressesOf(ctx: AttemptContext, entry: HostEntry, signal: AbortSignal): Promise<Dialable[]> {
  const target = `${entry.host}:${entry.port}`;
  if (entry.kind === 'socket') {
    ctx.stages.skip('dns', entry.host, 'Unix-domain socket: no name to resolve');
    return [{ kind: 'socket', path: socketPath(entry.host, entry.port) }];
  }
  if (ctx.tunnel) {
    ctx.stages.skip('dns', target, 'resolved at the far end of the tunnel');
    return [{ kind: 'tunnel' }];
  }
  if (entry.hostaddr !== undefined) {
    ctx.stages.skip('dns', target, `hostaddr ${entry.hostaddr} given: no lookup`);
    return [{ kind: 'ip', address: entry.hostaddr }];
  }
  return ctx.stages.run(
    'dns',
    target,
    async (): Promise<Dialable[]> => {
      if (!isIpLiteral(entry.host) && HOST_WITH_PORT.test(entry.host)) {
        throw new BridgeError('NET_HOST_INCLUDES_PORT', { data: { host: entry.host } });
      }
      const timeout = deadline(signal, ctx.plan.timeoutMs);
      try {
        const addresses = await abortable(resolveHost(entry.host, timeout.signal), timeout.signal);
        return addresses.map((a) => ({ kind: 'ip', address: a.address }));
      } finally {
        timeout.dispose();
      }
    },
    {
      translate: (error) =>
        signal.aborted
          ? new BridgeError('BRIDGE_CANCELLED', { cause: error })
          : translateError(error, { stage: 'dns', host: entry.host, port: entry.port }),
      detail: (list) => (isIpLiteral(entry.host) ? 'an IP address: no lookup needed' : `resolved to ${list.map(addressOf).join(', ')}`),
    },
  );
}

function addressOf(dialable: Dialable): string {
  switch (dialable.kind) {
    case 'ip':
      return dialable.address;
    case 'socket':
      return dialable.path.startsWith('\0') ? `@${dialable.path.slice(1)}` : dialable.path;
    case 'tunnel':
      return 'tunnel';
  }
}
