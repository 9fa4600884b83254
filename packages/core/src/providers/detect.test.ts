import { describe, expect, it } from 'vitest';
import { detectProvider } from './detect.js';

describe('detectProvider', () => {
  it.each([
    ['mydb.123456789012.us-east-1.rds.amazonaws.com', 'rds'],
    ['mydemoserver.postgres.database.azure.com', 'azure'],
    ['db.apbkobhfnmcqqzqeeqss.supabase.co', 'supabase'],
    ['ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech', 'neon'],
    ['298474959c18.25pf3r4b6sfkn.asia-northeast2.sql.goog', 'cloudsql'],
  ])('finds the provider of %s', (host, provider) => {
    expect(detectProvider(host)?.provider).toBe(provider);
  });

  it('returns null for self-hosted servers, IP addresses and sockets', () => {
    for (const host of ['db.example.com', 'localhost', '10.0.0.5', '/var/run/postgresql', '']) {
      expect(detectProvider(host), host).toBeNull();
    }
  });

  it('offers AWS IAM only for RDS and Entra only for Azure', () => {
    expect(detectProvider('mydb.123456789012.us-east-1.rds.amazonaws.com')?.preset.authTypes).toContain('awsIam');
    expect(detectProvider('mydemoserver.postgres.database.azure.com')?.preset.authTypes).toContain('entra');
    expect(detectProvider('ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech')?.preset.authTypes).toEqual(['password']);
  });
});
