import { Redactor } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

/**
 * Structured JSON-lines logger. Every field and message passes through the redactor, so callers cannot leak a
 * secret by logging an object that happens to hold one.
 */
export class Logger {
  constructor(
    readonly redactor: Redactor = new Redactor(),
    private readonly sink: LogSink = { write: (l) => process.stderr.write(l) },
    private readonly level: LogLevel = 'info',
    private readonly base: Record<string, unknown> = {},
  ) {}

  child(fields: Record<string, unknown>): Logger {
    return new Logger(this.redactor, this.sink, this.level, { ...this.base, ...fields });
  }

  debug(msg: string, fields?: Record<string, unknown>): void { this.#log('debug', msg, fields); }
  info(msg: string, fields?: Record<string, unknown>): void { this.#log('info', msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>): void { this.#log('warn', msg, fields); }
  error(msg: string, fields?: Record<string, unknown>): void { this.#log('error', msg, fields); }

  #log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const entry = this.redactor.value({ time: new Date().toISOString(), level, msg, ...this.base, ...fields });
    this.sink.write(`${JSON.stringify(entry)}\n`);
  }
}

/** A logger that keeps its lines, for tests that grep every line for canary secrets. */
export function memoryLogger(level: LogLevel = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new Logger(new Redactor(), { write: (l) => lines.push(l) }, level), lines };
}
