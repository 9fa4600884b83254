import { describe, expect, it } from 'vitest';
import { detectCloudSql } from './cloudsql.js';

describe('Google Cloud SQL', () => {
  it('recognises the instance DNS name and its region', () => {
    expect(detectCloudSql('298474959c18.25pf3r4b6sfkn.asia-northeast2.sql.goog.')).toMatchObject({
      endpoint: 'dns-name',
      region: 'asia-northeast2',
      preset: { sslmode: 'verify-full', rootCert: { kind: 'download' }, port: 5432 },
    });
  });

  it('recognises the write endpoint and proposes verify-ca', () => {
    expect(detectCloudSql('103uufa2svq8u.2rb3qdj9tkf4d.global.sql-psa.goog.')).toMatchObject({ endpoint: 'write-endpoint', region: null, preset: { sslmode: 'verify-ca' } });
  });

  it('explains that a connection name is not a host', () => {
    const match = detectCloudSql('my-project:us-central1:my-instance');
    expect(match).toMatchObject({ endpoint: 'connection-name', project: 'my-project', region: 'us-central1', instance: 'my-instance' });
    expect(match?.notes[0]).toMatch(/not a host/);
    expect(detectCloudSql('example.com:my-project:europe-west1:db')).toMatchObject({ project: 'example.com:my-project' });
  });

  it('cannot tell a Cloud SQL IP address from any other', () => {
    expect(detectCloudSql('34.118.12.7')).toBeNull();
  });
});
