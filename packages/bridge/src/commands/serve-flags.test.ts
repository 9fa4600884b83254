/**
 * `pgconnect serve`'s limit and Entra flags, run in-process: what a benchmark or an Entra user passes on the
 * command line reaches the bridge it starts.
 */
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../../../test/harness/index.js';
import { TestClient, upgradeStatus } from '../server/testing/ws-client.js';
import type { CliIo } from './command.js';
import { ENTRA_CLIENT_ID_ENV, runServe } from './serve.js';

const CLIENT_ID = '5a8f0e5c-0b6e-4c1f-9b55-0c6f3e8f2a11';

/** Runs `serve` until the test calls `stop`; resolves with the --json line once it is printed. */
function serve(args: string[], env: NodeJS.ProcessEnv) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let stderr = '';
  let resolveLine!: (line: { ws: string; token: string }) => void;
  const line = new Promise<{ ws: string; token: string }>((resolve) => (resolveLine = resolve));
  const io: CliIo = {
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    writeStdout: (chunk) => resolveLine(JSON.parse(String(chunk)) as { ws: string; token: string }),
    writeStderr: (text) => (stderr += text),
  };
  const exit = runServe(['--json', ...args], io, () => stopped, env);
  return { line, exit, stop, stderr: () => stderr };
}

describe('pgconnect serve flags', () => {
  it('applies --max-sessions and offers Entra with a client id from the environment', async () => {
    const home = await makeTempDir('serve-flags');
    const run = serve(['--max-sessions', '1', '--tests-per-minute', '500'], { ...process.env, [ENTRA_CLIENT_ID_ENV]: CLIENT_ID, XDG_CONFIG_HOME: home });
    try {
      const { ws, token } = await run.line;
      const { client, hello } = await TestClient.connect(ws, { token });
      expect(hello.capabilities).toEqual(expect.arrayContaining(['entra', 'azureBrowse']));
      expect(await upgradeStatus(ws, { token })).toBe(503);
      await client.close();
    } finally {
      run.stop();
      expect(await run.exit).toBe(0);
      await removeTempDir(home);
    }
  });

  it.each([
    [['--max-sessions', '0']],
    [['--tests-per-minute', 'many']],
    [['--entra-client-id', 'not an id']],
  ])('refuses %j as a usage error', async (args) => {
    const run = serve(args, {});
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain(args[0]);
  });
});
