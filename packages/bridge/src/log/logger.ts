import { Redactor } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

const unflushed = new Set<() => void>();
let exitHookAdded = false;

/**
 * A sink that collects the lines of one turn of the event loop and writes them together in the check phase
 * (`setImmediate`), after the I/O callback that logged them has done its work. Writes to a pipe or a file are
 * synchronous system calls in Node; made inline, a line logged on the way from one network step to the next
 * (a connect's "connected") delays that step. What is pending is written at exit, so a crash keeps its log.
 */
export function bufferedSink(write: (text: string) => void): LogSink {
  let pending: string[] = [];
  const flush = () => {
    unflushed.delete(flush);
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  return {
    write(line) {
      pending.push(line);
      if (unflushed.has(flush)) return;
      unflushed.add(flush);
      setImmediate(flush);
      addExitHook();
    },
  };
}

function addExitHook(): void {
  if (exitHookAdded) return;
  exitHookAdded = true;
  process.on('exit', () => {
    for (const flush of [...unflushed]) flush();
  });
}

/** Standard error, one write per turn (see {@link bufferedSink}); the default sink. */
export const stderrSink: LogSink = bufferedSink((text) => process.stderr.write(text));

/**
 * Structured JSON-lines logger. Every field and message passes through the redactor, so callers cannot leak a
 * secret by logging an object that happens to hold one.
 */
export class Logger {
  constructor(
    readonly redactor: Redactor = new Redactor(),
    private readonly sink: LogSink = stderrSink,
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
