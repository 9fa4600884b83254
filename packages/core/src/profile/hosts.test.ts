import { describe, expect, it } from 'vitest';
import { isIpLiteral, isLocalHost, isSocketPath } from './hosts.js';

describe('host classification', () => {
  it('treats absolute paths and @-names as Unix sockets, as libpq does', () => {
    expect(isSocketPath('/var/run/postgresql')).toBe(true);
    expect(isSocketPath('@abstract')).toBe(true);
    expect(isSocketPath('db.example.com')).toBe(false);
    expect(isSocketPath('')).toBe(false);
  });

  it('recognises IPv4 and IPv6 literals without brackets', () => {
    for (const ip of ['10.0.0.5', '255.255.255.255', '::1', '2001:db8::1234', 'fe80::1%eth0', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8']) {
      expect(isIpLiteral(ip), ip).toBe(true);
    }
    for (const name of ['db.example.com', '256.1.1.1', '1.2.3', '[::1]', '1:2:3:4:5:6:7:8:9', '1::2::3', 'localhost', '']) {
      expect(isIpLiteral(name), name).toBe(false);
    }
  });

  it('counts this machine as local: empty host, sockets, localhost, 127.0.0.0/8 and ::1', () => {
    for (const host of ['', 'localhost', 'LOCALHOST.', 'app.localhost', '127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '/tmp', '@pg']) {
      expect(isLocalHost(host), host).toBe(true);
    }
  });

  it('counts every other host as remote, including private addresses', () => {
    for (const host of ['db.example.com', '10.0.0.5', '192.168.1.10', '128.0.0.1', '::2', 'localhost.example.com']) {
      expect(isLocalHost(host), host).toBe(false);
    }
  });
});
