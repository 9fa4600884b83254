import { describe, expect, it } from 'vitest';
import { detectRds, inferRdsRegion } from './rds.js';

describe('RDS and Aurora endpoints', () => {
  it.each([
    ['mydb.123456789012.us-east-1.rds.amazonaws.com', 'instance', 'us-east-1', 'mydb'],
    ['mydbcluster.cluster-123456789012.us-east-1.rds.amazonaws.com', 'cluster', 'us-east-1', 'mydbcluster'],
    ['mydbcluster.cluster-ro-123456789012.eu-west-3.rds.amazonaws.com', 'cluster-ro', 'eu-west-3', 'mydbcluster'],
    ['reporting.cluster-custom-123456789012.ap-southeast-2.rds.amazonaws.com', 'cluster-custom', 'ap-southeast-2', 'reporting'],
    ['my-limitless.shardgrp-c7ps9f3ykx9q.us-east-2.rds.amazonaws.com', 'shardgrp', 'us-east-2', 'my-limitless'],
    ['the-proxy.proxy-demo.us-east-1.rds.amazonaws.com', 'proxy', 'us-east-1', 'the-proxy'],
    ['the-proxy-endpoint.endpoint.proxy-demo.us-east-1.rds.amazonaws.com', 'proxy-endpoint', 'us-east-1', 'the-proxy-endpoint'],
    ['mydb.cqxyz0abcd.rds.cn-north-1.amazonaws.com.cn', 'instance', 'cn-north-1', 'mydb'],
    ['mydb.cqxyz0abcd.cn-northwest-1.rds.amazonaws.com.cn', 'instance', 'cn-northwest-1', 'mydb'],
    ['aurora.cluster-cqxyz0abcd.rds.cn-northwest-1.amazonaws.com.cn', 'cluster', 'cn-northwest-1', 'aurora'],
    ['mydb.c1a2b3c4d5e6.us-gov-west-1.rds.amazonaws.com', 'instance', 'us-gov-west-1', 'mydb'],
    ['mydb.c1a2b3c4d5e6.us-east-1.rds-fips.amazonaws.com', 'instance', 'us-east-1', 'mydb'],
    ['mydb.c1a2b3c4d5e6.us-iso-east-1.rds.c2s.ic.gov', 'instance', 'us-iso-east-1', 'mydb'],
    ['mydb.c1a2b3c4d5e6.us-isob-east-1.rds.sc2s.sgov.gov', 'instance', 'us-isob-east-1', 'mydb'],
  ])('reads %s as %s in %s', (host, endpoint, region, identifier) => {
    expect(detectRds(host)).toMatchObject({ provider: 'rds', endpoint, region, identifier });
    expect(inferRdsRegion(host)).toBe(region);
  });

  it('ignores case and a trailing dot', () => {
    expect(inferRdsRegion('MyDB.123456789012.US-EAST-1.RDS.AMAZONAWS.COM.')).toBe('us-east-1');
  });

  it('recognises a global database endpoint but reports no region', () => {
    const match = detectRds('my-global.global-ahvy3bfhwbrh.global.rds.amazonaws.com');
    expect(match).toMatchObject({ endpoint: 'global', region: null, service: 'Amazon Aurora PostgreSQL' });
    expect(match?.notes.join(' ')).toMatch(/enter the AWS region/);
    expect(inferRdsRegion('my-global.global-ahvy3bfhwbrh.global.rds.amazonaws.com')).toBeNull();
  });

  it('finds no region in IP addresses, CNAMEs or malformed names', () => {
    for (const host of ['10.0.1.25', 'db.example.com', 'mydb.us-east-1.rds.amazonaws.com', 'rds.amazonaws.com', 'mydb.abc.us-east-1.rds.amazonaws.com.evil.com']) {
      expect(detectRds(host), host).toBeNull();
    }
  });

  it('proposes verify-full with the RDS bundle and offers IAM authentication', () => {
    expect(detectRds('mydb.123456789012.us-east-1.rds.amazonaws.com')?.preset).toEqual({
      sslmode: 'verify-full',
      rootCert: {
        kind: 'download',
        name: 'Amazon RDS certificate bundle (global-bundle.pem)',
        url: 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem',
      },
      port: 5432,
      authTypes: ['password', 'awsIam'],
    });
  });

  it('leaves out the commercial bundle URL for GovCloud and China, whose bundles differ', () => {
    expect(detectRds('mydb.c1a2b3c4d5e6.us-gov-west-1.rds.amazonaws.com')?.preset.rootCert).not.toHaveProperty('url');
    expect(detectRds('mydb.cqxyz0abcd.rds.cn-north-1.amazonaws.com.cn')?.preset.rootCert).not.toHaveProperty('url');
  });

  it('proposes the system trust store for RDS Proxy, whose certificates come from ACM', () => {
    expect(detectRds('the-proxy.proxy-demo.us-east-1.rds.amazonaws.com')?.preset.rootCert).toEqual({ kind: 'system' });
  });
});
