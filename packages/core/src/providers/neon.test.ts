import { describe, expect, it } from 'vitest';
import { detectNeon } from './neon.js';

describe('Neon', () => {
  it('recognises a direct compute endpoint on AWS', () => {
    expect(detectNeon('ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech')).toMatchObject({
      endpointId: 'ep-cool-darkness-a1b2c3d4',
      pooled: false,
      region: 'us-east-2',
      cloud: 'aws',
      preset: { sslmode: 'verify-full', rootCert: { kind: 'system' }, port: 5432 },
    });
  });

  it('recognises the -pooler endpoint and keeps the endpoint id without the suffix', () => {
    const match = detectNeon('ep-cool-darkness-a1b2c3d4-pooler.us-east-2.aws.neon.tech');
    expect(match).toMatchObject({ endpointId: 'ep-cool-darkness-a1b2c3d4', pooled: true, service: 'Neon (pooled)' });
    expect(match?.notes.join(' ')).toMatch(/without -pooler/);
  });

  it('recognises Azure regions and the legacy cloud.neon.tech names', () => {
    expect(detectNeon('ep-broad-dew-123456.eastus2.azure.neon.tech')).toMatchObject({ region: 'eastus2', cloud: 'azure' });
    expect(detectNeon('ep-broad-dew-123456.cloud.neon.tech')).toMatchObject({ region: null, cloud: null, endpointId: 'ep-broad-dew-123456' });
  });

  it('ignores hosts that are not compute endpoints', () => {
    expect(detectNeon('console.neon.tech')).toBeNull();
    expect(detectNeon('ep-x.us-east-2.gcp.neon.tech')).toBeNull();
  });
});
