/**
 * What kind of place a libpq `host` entry names. Shared by the defaults (local hosts get a relaxed sslmode),
 * the validators (sockets never use TLS) and the TLS summary.
 */

/**
 * libpq's `is_unixsock_path`: an absolute path is a socket directory, and a leading `@` names a socket in
 * Linux's abstract namespace. Such hosts are reached without TCP and therefore without TLS.
 */
export function isSocketPath(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@');
}

/** A numeric IPv4 (dotted quad) or IPv6 address, as libpq's `host` or `hostaddr` takes it: no brackets. */
export function isIpLiteral(host: string): boolean {
  return isIpv4(host) || isIpv6(host);
}

/**
 * True when the host is this machine: an empty entry (libpq's default socket directory or localhost), a socket,
 * `localhost` or a `.localhost` name (RFC 6761), 127.0.0.0/8, or ::1 in any spelling.
 */
export function isLocalHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (name === '' || isSocketPath(name)) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIpv4(name)) return name.split('.')[0] === '127';
  const groups = ipv6Groups(name);
  if (!groups) return false;
  const isLoopback = groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
  // ::ffff:127.x.y.z is the IPv4 loopback seen through an IPv6 socket.
  const isMappedLoopback = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff && (groups[6] ?? 0) >> 8 === 127;
  return isLoopback || isMappedLoopback;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  return ipv6Groups(text) !== null;
}

/** The eight 16-bit groups of an IPv6 address (zone id ignored), or null when the text is not one. */
function ipv6Groups(text: string): number[] | null {
  const address = text.replace(/%[^%]+$/, '');
  if (!address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (half: string): number[] | null => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        if (!isIpv4(piece)) return null;
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}
