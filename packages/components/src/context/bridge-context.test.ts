import { waitUntil } from '@open-wc/testing';
import '../server-groups/pg-server-groups.js';
import { FakeBridgeClient, provideClient } from '../test-support/fixtures.js';

describe('bridgeContext', () => {
  it('reaches an element that was in the markup before the page created its provider', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<pg-server-groups></pg-server-groups>';
    document.body.append(host);
    try {
      const client = new FakeBridgeClient();
      client.on('groups.list', () => ({ groups: [{ id: 'g1', name: 'Production', color: '#d1242f' }] }));
      client.on('profiles.list', () => ({ profiles: [] }));
      provideClient(document.body, client);
      await waitUntil(() => client.requestsOf('groups.list').length > 0, 'the element never asked the late provider');
    } finally {
      host.remove();
    }
  });
});
