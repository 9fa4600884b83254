/**
 * Which servers may receive a cloud token (security T9). An RDS IAM token is a password for one endpoint and an
 * Entra token for PostgreSQL is a password for every Azure server the user can reach (they share one audience),
 * so neither is produced for a host the provider does not own unless the bridge's operator listed it, and neither
 * is sent over a connection whose certificate and name are not verified.
 */
import { BridgeError, normalizeHost, type ConnectionProfile, type ErrorCode } from '@pgconnect/core';

/**
 * Extra hosts an operator allows, each an exact name (`db.internal.example`) or a suffix pattern
 * (`*.db.internal.example`, which matches any name below it but not the bare suffix).
 */
export type HostAllowlist = readonly string[];

export function matchesAllowlist(host: string, allowlist: HostAllowlist): boolean {
  const name = normalizeHost(host);
  return allowlist.some((entry) => {
    const pattern = normalizeHost(entry);
    return pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern;
  });
}

/** The profile's host list, each name as the certificate must match it. */
export function tokenTargets(profile: ConnectionProfile): { host: string; port: number }[] {
  return profile.hosts.map((h) => ({ host: h.host, port: h.port ?? 5432 }));
}

/**
 * A token goes only over TLS that verifies both the chain and the name. `verify-ca` is not enough: any
 * certificate from the same CA would do, and for RDS every customer's instance has one from the same CA.
 */
export function tlsVerifiesServer(profile: ConnectionProfile): boolean {
  return profile.ssl.sslmode === 'verify-full';
}

/**
 * The checks shared by both providers, in the order a user should fix them: every host must be one the provider
 * owns (or the operator allowed), and the connection must verify the certificate against that very name.
 */
export function checkTokenTarget(
  profile: ConnectionProfile,
  codes: { tls: ErrorCode; host: ErrorCode },
  allowed: (host: string) => boolean,
): BridgeError | undefined {
  const targets = tokenTargets(profile);
  const refused = targets.find((t) => t.host === '' || t.host.startsWith('/') || t.host.startsWith('@') || !allowed(t.host));
  if (refused || targets.length === 0) return new BridgeError(codes.host, { data: { host: refused?.host ?? '' } });
  const first = targets[0]?.host ?? '';
  if (!tlsVerifiesServer(profile)) return new BridgeError(codes.tls, { data: { host: first, sslmode: profile.ssl.sslmode } });
  // ssl.serverName moves the certificate check to another name than the one the token is made for.
  const serverName = profile.ssl.serverName;
  if (serverName !== undefined && serverName !== '' && targets.some((t) => normalizeHost(t.host) !== normalizeHost(serverName))) {
    return new BridgeError(codes.tls, {
      message: `The TLS server name ${serverName} differs from the server name ${first}, so the certificate would not prove who receives the token.`,
      hint: 'Clear the TLS server name in the SSL section: cloud tokens are only sent to a server whose certificate matches Server name.',
      data: { host: first },
    });
  }
  return undefined;
}
