/** The `pgconnect` executable: wires the process to the commands in commands/. */
import type { CliIo } from './commands/command.js';
import { runCli } from './commands/dispatch.js';

const processIo: CliIo = {
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  writeStdout: (chunk) => process.stdout.write(chunk),
  writeStderr: (text) => process.stderr.write(text),
};

process.exitCode = await runCli(process.argv.slice(2), processIo);
