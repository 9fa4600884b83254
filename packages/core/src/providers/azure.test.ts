import { describe, expect, it } from 'vitest';
import { detectAzure } from './azure.js';

describe('Azure Database for PostgreSQL flexible server', () => {
  it('recognises a public-cloud server and proposes verify-full with the system store and Entra', () => {
    expect(detectAzure('mydemoserver.postgres.database.azure.com')).toMatchObject({
      provider: 'azure',
      cloud: 'public',
      serverName: 'mydemoserver',
      privateLink: false,
      entraScope: 'https://ossrdbms-aad.database.windows.net/.default',
      preset: { sslmode: 'verify-full', rootCert: { kind: 'system' }, port: 5432, authTypes: ['password', 'entra'] },
    });
  });

  it('recognises the US Government and China clouds with their own Entra scopes', () => {
    expect(detectAzure('pg-gov.postgres.database.usgovcloudapi.net')).toMatchObject({ cloud: 'usgov', entraScope: 'https://ossrdbms-aad.database.usgovcloudapi.net/.default' });
    expect(detectAzure('pg-cn.postgres.database.chinacloudapi.cn')).toMatchObject({ cloud: 'china', entraScope: 'https://ossrdbms-aad.database.chinacloudapi.cn/.default' });
  });

  it('recognises the private-link name and says it resolves only inside the network', () => {
    const match = detectAzure('mydemoserver.private.postgres.database.azure.com');
    expect(match).toMatchObject({ serverName: 'mydemoserver', privateLink: true });
    expect(match?.notes.join(' ')).toMatch(/virtual network/);
  });

  it('ignores case and a trailing dot, and other Azure hosts', () => {
    expect(detectAzure('MyDemoServer.Postgres.Database.Azure.Com.')?.serverName).toBe('mydemoserver');
    expect(detectAzure('myserver.database.windows.net')).toBeNull();
    expect(detectAzure('postgres.database.azure.com')).toBeNull();
  });
});
