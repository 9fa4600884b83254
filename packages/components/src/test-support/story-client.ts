/** The fake bridge behind the stories: it behaves as the scenario says. */
import { FakeBridgeClient, SAMPLE_FINGERPRINT, failureReport, hostKeyChangedReport, sampleGroups, sampleRecent, sampleSaved, successReport } from './fixtures.js';

export type Scenario = 'success' | 'failure' | 'testing' | 'hostKey' | 'hostKeyChanged' | 'reconnecting' | 'unverified' | 'none';

export function storyClient(scenario: Scenario): FakeBridgeClient {
  const client = new FakeBridgeClient()
    .on('profiles.list', () => ({ profiles: sampleSaved }))
    .on('recent.list', () => ({ entries: sampleRecent() }))
    .on('groups.list', () => ({ groups: sampleGroups }))
    .on('secrets.status', () => ({ kind: 'keychain' as const }))
    .on('databases.list', () => ({ databases: [{ name: 'app', owner: 'app_owner', isTemplate: false, allowConnections: true, canConnect: true }] }))
    .on('ssh.hostKey.confirm', () => ({}))
    .on('entra.accounts.list', () => ({ accounts: [{ accountId: 'oid-1.tid-1', username: 'alice@contoso.com', displayName: 'Alice', tenantId: '11111111-1111-1111-1111-111111111111' }] }))
    .on('entra.accounts.add', () => new Promise(() => undefined))
    .on('aws.profiles.list', () => ({ profiles: [{ name: 'default', region: 'eu-west-1', sso: false }, { name: 'prod-sso', region: 'us-east-2', sso: true }] }))
    .on('azure.subscriptions.list', () => ({ subscriptions: [{ subscriptionId: '22222222-2222-2222-2222-222222222222', displayName: 'Production', tenantId: '11111111-1111-1111-1111-111111111111' }] }))
    .on('azure.servers.list', () => ({
      servers: [
        { name: 'orders', resourceGroup: 'rg-orders', location: 'westeurope', fqdn: 'orders.postgres.database.azure.com', version: '17' },
        { name: 'analytics', resourceGroup: 'rg-data', location: 'northeurope', fqdn: 'analytics.postgres.database.azure.com', version: '16' },
      ],
    }))
    .on('connection.test', async (p, fake, options) => {
      if (scenario === 'testing') {
        fake.push('event.test.stage', { testId: p.testId, stage: 'dns', status: 'ok', ms: 3, detail: 'db.example.com → 10.0.4.12' });
        fake.push('event.test.stage', { testId: p.testId, stage: 'tcp', status: 'ok', ms: 11, detail: '10.0.4.12:5432' });
        fake.push('event.test.stage', { testId: p.testId, stage: 'tls', status: 'running', ms: 0 });
        return new Promise(() => undefined);
      }
      if (scenario === 'hostKey') {
        fake.push('event.test.stage', { testId: p.testId, stage: 'ssh', status: 'running', ms: 0, target: 'bastion.example.com' });
        fake.push('event.ssh.hostKey', {
          promptId: 'prompt-1',
          requestId: options?.id ?? '',
          host: 'bastion.example.com',
          port: 22,
          hop: 0,
          keyType: 'ssh-ed25519',
          fingerprint: SAMPLE_FINGERPRINT,
        });
        return new Promise(() => undefined);
      }
      const report = scenario === 'failure' ? failureReport(p.testId) : scenario === 'hostKeyChanged' ? hostKeyChangedReport(p.testId) : successReport(p.testId);
      for (const stage of report.stages) fake.push('event.test.stage', { ...stage, testId: p.testId });
      return report;
    });
  if (scenario === 'reconnecting' || scenario === 'unverified') client.state = scenario;
  return client;
}

