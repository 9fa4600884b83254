import { EXIT, type CliIo, type Command } from './command.js';
import { demoCommand } from './demo.js';
import { parseCommand } from './parse.js';
import { serveCommand } from './serve.js';
import { testCommand } from './test.js';

/** Every `pgconnect` command; a new command is a module under commands/ plus one entry here. */
export const COMMANDS: readonly Command[] = [parseCommand, serveCommand, testCommand, demoCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: pgconnect <command> [arguments]\n\nCommands:\n${list}\n\nRun pgconnect <command> --help for a command's options.\n`;
}

/** Runs `pgconnect <args>`; resolves to the exit status. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.writeStdout(usage());
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.writeStderr(name === undefined ? usage() : `pgconnect: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  return command.run(rest, io);
}
