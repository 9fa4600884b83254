/**
 * The certificate name check of verify-full, as libpq does it (fe-secure-common.c
 * `pq_verify_peer_name_matches_certificate`, fe-secure-openssl.c `verify_peer_name_matches_certificate_name`):
 * - a host that is an IP literal is matched against iPAddress SANs, byte for byte;
 * - a host name is matched against dNSName SANs, case-insensitively, where `*.` covers exactly one label;
 * - the Common Name is consulted only when the certificate has no SAN of the host's kind.
 * Node's `tls.checkServerIdentity` is close but differs (it never falls back to the CN for an IP), so the
 * bridge does its own check and reports the exact names it compared.
 */
import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';

export interface NameCheck {
  ok: boolean;
  /** The names the certificate offers, for the error detail. */
  names: string[];
}

export function checkCertificateName(host: string, cert: PeerCertificate): NameCheck {
  const sans = parseSubjectAltNames(cert.subjectaltname);
  const family = isIP(host);
  const cn = commonName(cert);
  if (family !== 0) {
    const wanted = normalizeIp(host);
    const ipSans = sans.filter((s) => s.type === 'IP').map((s) => s.value);
    if (ipSans.length > 0) return { ok: ipSans.some((ip) => normalizeIp(ip) === wanted), names: ipSans };
    return { ok: cn !== undefined && cn === host, names: cn === undefined ? [] : [cn] };
  }
  const dnsSans = sans.filter((s) => s.type === 'DNS').map((s) => s.value);
  if (dnsSans.length > 0) return { ok: dnsSans.some((name) => nameMatches(name, host)), names: dnsSans };
  return { ok: cn !== undefined && nameMatches(cn, host), names: cn === undefined ? [] : [cn] };
}

/** libpq `wildcard_certificate_match`: `*.example.com` matches `db.example.com`, not `a.b.example.com` or `example.com`. */
function nameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1);
  if (h.length <= suffix.length || !h.endsWith(suffix)) return false;
  return !h.slice(0, h.length - suffix.length).includes('.');
}

function commonName(cert: PeerCertificate): string | undefined {
  const cn = (cert.subject as Record<string, string | string[] | undefined> | undefined)?.CN;
  return Array.isArray(cn) ? cn[0] : cn;
}

/** Node renders SANs as `DNS:a, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`. */
function parseSubjectAltNames(text: string | undefined): { type: 'DNS' | 'IP' | 'other'; value: string }[] {
  if (!text) return [];
  return text.split(', ').map((entry) => {
    if (entry.startsWith('DNS:')) return { type: 'DNS', value: entry.slice(4) };
    if (entry.startsWith('IP Address:')) return { type: 'IP', value: entry.slice(11) };
    return { type: 'other', value: entry };
  });
}

/** Compares IPv6 addresses by value (`::1` and `0:0:0:0:0:0:0:1` are the same address). */
function normalizeIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const fill = ip.includes('::') ? new Array<string>(8 - headGroups.length - tailGroups.length).fill('0') : [];
  return [...headGroups, ...fill, ...tailGroups].map((g) => parseInt(g, 16).toString(16)).join(':');
}
