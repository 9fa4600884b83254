import { bufferedSink, Logger } from '../log/logger.js';
import { createBridge } from '../server/bridge.js';
import type { BridgeLimits } from '../server/limits.js';
import { EXIT, type CliIo, type Command } from './command.js';

/** Where `--entra-client-id` may come from instead, so the id need not be on every command line. */
export const ENTRA_CLIENT_ID_ENV = 'PGCONNECT_ENTRA_CLIENT_ID';

const usage = `Usage: pgconnect serve [--port N] [--host H] [--origin URL]... [--workspace DIR] [--json] [--allow-remote]
                       [--max-sessions N] [--tests-per-minute N] [--entra-client-id ID]

Starts the pgconnect bridge: a WebSocket server for pages that embed the connection dialog.

  --port N        Port to listen on (default 0: any free port).
  --host H        Address to listen on (default 127.0.0.1). Anything but loopback also needs --allow-remote.
  --origin URL    Exact origin (scheme://host[:port]) of a page allowed to connect; repeat for several.
                  Default: the bridge's own loopback origins.
  --workspace DIR Folder for workspace-scoped connections.
  --json          Print {"ws": …, "token": …, "origins": […]} as the first line of standard output.
  --allow-remote  Allow a non-loopback --host (server mode: file paths, passfile and services are refused).
  --max-sessions N
                  Pages connected at once (default 4); one more is refused with HTTP 503.
  --tests-per-minute N
                  Connection attempts (tests, opens, database lists) per minute, for each page and for the
                  whole bridge (defaults 10 and 30).
  --entra-client-id ID
                  Application (client) id of the Microsoft Entra app registration used to sign in (public
                  client, redirect URI http://localhost). Default: $${ENTRA_CLIENT_ID_ENV}. Without one, Entra
                  sign-in and Browse Azure are off.

A page connects with the subprotocols pgconnect.v1 and pgconnect.token.<token>. Stop with Ctrl-C.
`;

interface ServeArgs {
  port: number;
  host: string;
  origins: string[];
  workspace: string | undefined;
  json: boolean;
  allowRemote: boolean;
  limits: Partial<BridgeLimits>;
  entraClientId: string | undefined;
}

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM). */
function processStop(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `pgconnect serve`; `stopped` lets tests stop it without signals. */
export async function runServe(args: readonly string[], io: CliIo, stopped: () => Promise<void> = processStop, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help')) {
    io.writeStdout(usage);
    return EXIT.ok;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.writeStderr(`pgconnect serve: ${parsed}\n\n${usage}`);
    return EXIT.usage;
  }
  // Log lines go to stderr, through the redactor that knows the token: the token is printed once, on purpose,
  // to the user's own terminal, and never appears in a log line. They are written once per turn of the event
  // loop, not one system call per line in the middle of a connect (see `bufferedSink`).
  const logger = new Logger(undefined, bufferedSink((text) => io.writeStderr(text)));
  const entraClientId = parsed.entraClientId ?? (env[ENTRA_CLIENT_ID_ENV]?.trim() || undefined);
  const bridge = createBridge({
    ...(parsed.origins.length > 0 ? { origins: parsed.origins } : {}),
    ...(parsed.workspace === undefined ? {} : { workspaceDir: parsed.workspace }),
    ...(entraClientId === undefined ? {} : { entra: { clientId: entraClientId } }),
    limits: parsed.limits,
    logger,
  });
  let listening;
  try {
    listening = await bridge.listen({ host: parsed.host, port: parsed.port, allowRemote: parsed.allowRemote });
  } catch (error) {
    io.writeStderr(`pgconnect serve: ${error instanceof Error ? error.message : String(error)}\n`);
    await bridge.close();
    return EXIT.failed;
  }
  if (parsed.json) {
    // The documented first line, with its spacing (DESIGN §6); `JSON.stringify` would drop the spaces.
    const origins = bridge.origins.map((o) => JSON.stringify(o)).join(', ');
    io.writeStdout(`{"ws": ${JSON.stringify(listening.url)}, "token": ${JSON.stringify(bridge.token)}, "origins": [${origins}]}\n`);
  } else {
    io.writeStdout(
      `pgconnect bridge listening (${bridge.mode} mode)\n\n` +
        `  WebSocket: ${listening.url}\n` +
        `  Token:     ${bridge.token}\n` +
        `  Origins:   ${bridge.origins.join(', ') || '(none)'}\n\n` +
        'Give the page the WebSocket URL and the token. Press Ctrl-C to stop.\n',
    );
  }
  await stopped();
  await bridge.close();
  return EXIT.ok;
}

function parseArgs(args: readonly string[]): ServeArgs | string {
  const out: ServeArgs = { port: 0, host: '127.0.0.1', origins: [], workspace: undefined, json: false, allowRemote: false, limits: {}, entraClientId: undefined };
  const count = (flag: string, text: string | undefined): number | string => {
    const n = Number(text);
    return text !== undefined && /^\d+$/.test(text) && n >= 1 && n <= 1_000_000 ? n : `${flag} needs a whole number from 1 to 1000000, got ${text ?? 'nothing'}`;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--json':
        out.json = true;
        break;
      case '--allow-remote':
        out.allowRemote = true;
        break;
      case '--port': {
        const text = value();
        const port = Number(text);
        if (text === undefined || !/^\d+$/.test(text) || port > 65_535) return `--port needs a number from 0 to 65535, got ${text ?? 'nothing'}`;
        out.port = port;
        break;
      }
      case '--host': {
        const host = value();
        if (!host) return '--host needs an address';
        out.host = host;
        break;
      }
      case '--origin': {
        const origin = value();
        if (!origin || !isOrigin(origin)) return `--origin needs an exact origin such as http://localhost:5173, got ${origin ?? 'nothing'}`;
        out.origins.push(origin);
        break;
      }
      case '--workspace': {
        const dir = value();
        if (!dir) return '--workspace needs a directory';
        out.workspace = dir;
        break;
      }
      case '--max-sessions': {
        const n = count(flag, value());
        if (typeof n === 'string') return n;
        out.limits.maxSessions = n;
        break;
      }
      case '--tests-per-minute': {
        const n = count(flag, value());
        if (typeof n === 'string') return n;
        out.limits.connectsPerMinute = n;
        out.limits.globalConnectsPerMinute = n;
        break;
      }
      case '--entra-client-id': {
        const id = value()?.trim();
        if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id)) return `--entra-client-id needs an application (client) id, got ${id ?? 'nothing'}`;
        out.entraClientId = id;
        break;
      }
      default:
        return `unknown argument ${arg}`;
    }
  }
  return out;
}

/** An origin as browsers send it: scheme, host and optional port, nothing else (no path, no trailing slash). */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the bridge the connection dialog talks to',
  usage,
  run: (args, io) => runServe(args, io),
};
