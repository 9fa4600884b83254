import { isSecretKeyword, parseConnectionString, parseLibpq, type ParseResult } from '@pgconnect/core';
import { EXIT, type CliIo, type Command } from './command.js';
import { formatLibpqLine } from './libpq-json.js';

const usage = `Usage: pgconnect parse [--libpq] <string>|-

Parses a connection string and prints JSON.

Without --libpq, any format is recognised (libpq URI or key=value, JDBC, Npgsql/ADO.NET, a psql command
line, export PG… lines, node-postgres/psycopg2/PHP/Ruby snippets) and the output has the detected format,
the libpq keywords, the profile fields and warnings. Secret values are shown as "<hidden>".

  --libpq   Parse as libpq 18's PQconninfoParse does (URI or key=value) and print exactly
            {"ok":true,"opts":{...}} or {"ok":false,"error":"..."}, byte for byte like the libpq oracle.
            With -, every line of standard input is one string and gets one output line.
  -         Read standard input (without --libpq: all of it is one input, which may span lines).

Exit status: 0 when every input parsed, 1 when one was rejected, 2 on a usage error.
`;

export const parseCommand: Command = {
  name: 'parse',
  summary: 'parse a connection string and print it as JSON',
  usage,
  async run(args, io) {
    const flags = args.filter((a) => a.startsWith('--'));
    const inputs = args.filter((a) => !a.startsWith('--'));
    if (flags.includes('--help')) {
      io.writeStdout(usage);
      return EXIT.ok;
    }
    const unknown = flags.filter((f) => f !== '--libpq');
    if (unknown.length > 0 || inputs.length !== 1) {
      io.writeStderr(unknown.length > 0 ? `pgconnect parse: unknown option ${unknown[0]}\n\n${usage}` : usage);
      return EXIT.usage;
    }
    const [input = ''] = inputs;
    if (flags.includes('--libpq')) {
      const lines = input === '-' ? stdinLines(await io.readStdin()) : [Buffer.from(input, 'utf8')];
      return parseLibpqLines(lines, io);
    }
    const text = input === '-' ? (await io.readStdin()).toString('utf8') : input;
    const result = parseConnectionString(text);
    io.writeStdout(`${JSON.stringify(hideSecrets(result), null, 2)}\n`);
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};

/**
 * The CLI prints to terminals, CI logs and pastebins; a password the user pasted must not come back out of it.
 * (--libpq is the exception: it reproduces libpq's own output, byte for byte.)
 */
function hideSecrets(result: ParseResult): ParseResult {
  if (!result.ok) return result;
  const hide = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, isSecretKeyword(k) ? '<hidden>' : v]));
  const { password, sslpassword, keywords } = result.secrets;
  return {
    ...result,
    keywords: hide(result.keywords),
    secrets: {
      ...(password !== undefined && { password: '<hidden>' }),
      ...(sslpassword !== undefined && { sslpassword: '<hidden>' }),
      ...(keywords !== undefined && { keywords: hide(keywords) }),
    },
  };
}

/** Splits like the oracle's getline loop: on "\n" only, with no empty last line after a final "\n". */
function stdinLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function parseLibpqLines(lines: readonly Buffer[], io: CliIo): number {
  let status: number = EXIT.ok;
  for (const line of lines) {
    // libpq sees a C string, which ends at the first NUL byte.
    const nul = line.indexOf(0);
    const bytes = nul < 0 ? line : line.subarray(0, nul);
    const result = parseLibpq(bytes.toString('latin1'), { binary: true });
    io.writeStdout(formatLibpqLine(result));
    if (!result.ok) status = EXIT.failed;
  }
  return status;
}
