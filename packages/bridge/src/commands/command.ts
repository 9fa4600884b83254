/** What a `pgconnect` command gets to talk to the world through, so tests can run it in memory. */
export interface CliIo {
  /** All of standard input, as bytes. */
  readStdin(): Promise<Buffer>;
  writeStdout(chunk: string | Uint8Array): void;
  writeStderr(text: string): void;
}

/** One `pgconnect <name>` command; `cli.ts` dispatches to it. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit status. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit statuses shared by every command. */
export const EXIT = {
  ok: 0,
  /** The command ran, and what it checked failed (a string was rejected, a connection test failed). */
  failed: 1,
  /** The command line itself is wrong. */
  usage: 2,
} as const;
