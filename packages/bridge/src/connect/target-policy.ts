/**
 * Which addresses the bridge may dial (security T6: the bridge must not become a way to reach cloud metadata
 * services or scan a network). The check runs on the resolved address, and the engine then dials exactly that
 * address, so a DNS answer that changes between check and connect cannot slip through.
 */
import { BlockList, isIP } from 'node:net';

export interface TargetPolicy {
  /** Why the address is refused, or undefined when it may be dialled. */
  check(address: string, port: number): string | undefined;
}

/** Link-local (AWS/GCP/Azure metadata at 169.254.169.254), AWS's IPv6 metadata, and "this network". */
const DENIED_BY_DEFAULT: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['169.254.0.0', 16, 'ipv4'],
  ['0.0.0.0', 8, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
  ['fd00:ec2::254', 128, 'ipv6'],
  ['::', 128, 'ipv6'],
];

export interface TargetPolicyOptions {
  /**
   * When given, only these may be dialled: CIDRs (`10.0.0.0/8`, `2001:db8::/32`), single addresses, each
   * optionally with `:port` (`10.0.0.5:5432`, `[2001:db8::5]:5432`). Entries here also lift the default denials.
   */
  allowedTargets?: readonly string[];
}

export function createTargetPolicy(options: TargetPolicyOptions = {}): TargetPolicy {
  const denied = new BlockList();
  for (const [network, prefix, family] of DENIED_BY_DEFAULT) denied.addSubnet(network, prefix, family);
  const allowed = options.allowedTargets?.map(parseAllowed);

  return {
    check(address, port) {
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      const listed = allowed?.some((entry) => entry.list.check(address, family) && (entry.port === undefined || entry.port === port));
      if (allowed && !listed) return 'not in allowedTargets';
      if (!listed && denied.check(address, family)) return 'link-local, metadata or unspecified address';
      return undefined;
    },
  };
}

/** The policy a local bridge uses when its host names none: the default denials only. */
export const DEFAULT_TARGET_POLICY: TargetPolicy = createTargetPolicy();

function parseAllowed(entry: string): { list: BlockList; port: number | undefined } {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+?)(?::(\d+))?$/.exec(entry) ?? [entry, entry, undefined];
  const [, target = entry, port] = match;
  const [network = target, prefixText] = target.split('/');
  const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  if (isIP(network) === 0) throw new Error(`allowedTargets: "${entry}" is not an address or CIDR`);
  const list = new BlockList();
  if (prefixText === undefined) list.addAddress(network, family);
  else list.addSubnet(network, Number(prefixText), family);
  return { list, port: port === undefined ? undefined : Number(port) };
}
