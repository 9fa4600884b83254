/**
 * Reads what people type into "Server name": `db.example.com:6543`, `[::1]:5433` or `10.0.0.5:5432` become a
 * host and a port (vscode-pgsql #119: typing host:port there gives a getaddrinfo error). A bare IPv6 address
 * such as `::1` has colons of its own and is left alone.
 */
export function splitHostPort(text: string): { host: string; port: number } | null {
  const value = text.trim();
  const bracketed = /^\[([0-9A-Fa-f:.%\w]+)\]:(\d{1,5})$/.exec(value);
  const plain = /^([^\s:[\]/]+):(\d{1,5})$/.exec(value);
  const match = bracketed ?? plain;
  if (!match?.[1] || !match[2]) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1], port };
}
