import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFixtureFile } from '../../../core/src/conninfo/libpq-oracle.fixtures.js';
import { libpqStrings } from '../../../core/src/conninfo/libpq-strings.fixtures.js';
import type { CliIo } from './command.js';
import { runCli } from './dispatch.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const oracle = `${root}.cache/libpq-parse`;

/** Runs `pgconnect <args>` in memory. */
async function pgconnect(args: string[], stdin: Buffer = Buffer.alloc(0)) {
  const out: Buffer[] = [];
  let err = '';
  const io: CliIo = {
    readStdin: async () => stdin,
    writeStdout: (chunk) => void out.push(Buffer.from(chunk)),
    writeStderr: (text) => void (err += text),
  };
  const status = await runCli(args, io);
  return { status, stdout: Buffer.concat(out), stderr: err };
}

function libpqOracle(stdin: Buffer): Buffer {
  if (!existsSync(oracle)) throw new Error(`The libpq oracle is missing at ${oracle}. Build it with: bash scripts/setup.sh`);
  return spawnSync(oracle, { input: stdin, maxBuffer: 1 << 28 }).stdout;
}

const lines = (bytes: Buffer) => bytes.toString('latin1').split('\n');

/** Every fixture input, generated strings, and lines only a byte-level reader meets. */
function corpus(): Buffer {
  const fixtures = parseFixtureFile(readFileSync(`${root}packages/core/src/conninfo/fixtures/libpq18.jsonl`, 'utf8'));
  const inputs = [
    ...fixtures.map((f) => Buffer.from(f.input, f.binary ? 'latin1' : 'utf8')),
    ...libpqStrings(7, 5000).map((s) => Buffer.from(s, 'utf8')),
    Buffer.from('host=a\0port=5'),
    Buffer.from('postgresql://h/db\0?x'),
    Buffer.from('host=a port=5\r'),
    Buffer.from([0x68, 0x6f, 0x73, 0x74, 0x3d, 0xff, 0x01, 0x7f]),
    Buffer.from('application_name=\x1b[31m'),
    Buffer.from(''),
  ];
  return Buffer.concat(inputs.flatMap((b) => [b, Buffer.from('\n')]));
}

describe('pgconnect parse --libpq', () => {
  it('prints what the libpq 18 oracle prints, byte for byte, for every accepted line', async () => {
    const stdin = corpus();
    const ours = await pgconnect(['parse', '--libpq', '-'], stdin);
    const oursLines = lines(ours.stdout);
    const libpqLines = lines(libpqOracle(stdin));
    expect(oursLines).toHaveLength(libpqLines.length);
    const inputLines = lines(stdin);
    const mismatches = libpqLines.flatMap((want, i) => {
      const got = oursLines[i] ?? '';
      const agrees = want.startsWith('{"ok":false') ? got.startsWith('{"ok":false,"error":"') && got.endsWith('"}') : got === want;
      return agrees ? [] : [`${JSON.stringify(inputLines[i])}\n  libpq: ${want}\n  ours:  ${got}`];
    });
    expect(mismatches.slice(0, 10).join('\n')).toBe('');
    expect(ours.status).toBe(1);
  });

  it('reads the last line without a final newline, and prints nothing for empty input', async () => {
    const stdin = Buffer.from('host=a\npostgresql://h/db');
    expect((await pgconnect(['parse', '--libpq', '-'], stdin)).stdout).toEqual(libpqOracle(stdin));
    expect((await pgconnect(['parse', '--libpq', '-'])).stdout).toEqual(Buffer.alloc(0));
  });

  it('parses a string given as an argument, and exits 0 when it is accepted', async () => {
    const result = await pgconnect(['parse', '--libpq', 'postgresql://ü@[::1]:5433/db?application_name=caf%C3%A9']);
    expect(result.stdout).toEqual(libpqOracle(Buffer.from('postgresql://ü@[::1]:5433/db?application_name=caf%C3%A9\n')));
    expect(result.status).toBe(0);
  });

  it('exits 1 when a string is rejected', async () => {
    const result = await pgconnect(['parse', '--libpq', 'host']);
    expect(result.stdout.toString()).toMatch(/^\{"ok":false,"error":"missing \\"=\\" after \\"host\\"/);
    expect(result.status).toBe(1);
  });
});

describe('pgconnect parse', () => {
  it('prints the parse result as JSON', async () => {
    const result = await pgconnect(['parse', 'postgresql://u@h/db']);
    expect(JSON.parse(result.stdout.toString())).toMatchObject({ ok: true, keywords: { user: 'u', dbname: 'db', host: 'h' } });
    expect(result.status).toBe(0);
  });

  it('reads all of standard input as one string with -', async () => {
    const result = await pgconnect(['parse', '-'], Buffer.from('host=h\nport=5\n'));
    expect(JSON.parse(result.stdout.toString())).toMatchObject({ ok: true, keywords: { host: 'h', port: '5' } });
  });

  it('explains its usage on --help, and exits 2 on a wrong command line', async () => {
    expect(await pgconnect(['parse', '--help'])).toMatchObject({ status: 0 });
    for (const args of [['parse'], ['parse', 'a=1', 'b=2'], ['parse', '--json', 'host=h']]) {
      const result = await pgconnect(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage: pgconnect parse');
    }
  });
});

describe('pgconnect', () => {
  it('lists its commands on --help and on an unknown command', async () => {
    expect(await pgconnect(['--help'])).toMatchObject({ status: 0, stdout: expect.any(Buffer) });
    const unknown = await pgconnect(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*parse/);
  });
});
