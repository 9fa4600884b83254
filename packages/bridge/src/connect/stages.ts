/**
 * Stage bookkeeping for Test Connection (and for logs on a plain connect): each stage announces itself as
 * `running`, then ends `ok` with a detail, or `failed` with the error's code and message. Reports are kept in
 * order so a failed test still shows how far it got.
 */
import type { BridgeError, StageReport, TestStage } from '@pgconnect/core';
import type { StageListener } from './types.js';

export interface StageRun<T> {
  /** Plain words for the `ok` report: "resolved to 127.0.0.1, ::1". */
  detail?: (value: T) => string | undefined;
  /** Turns whatever `fn` threw into the error the stage reports. */
  translate: (error: unknown) => BridgeError;
}

export class StageRecorder {
  readonly reports: StageReport[] = [];

  constructor(
    private readonly listener: StageListener | undefined,
    /** Every detail passes through the redactor: a library message could quote a secret. */
    private readonly redact: (text: string) => string,
  ) {}

  async run<T>(stage: TestStage, target: string | undefined, fn: () => Promise<T>, options: StageRun<T>): Promise<T> {
    const started = performance.now();
    this.#emit({ stage, status: 'running', ms: 0, ...(target === undefined ? {} : { target }) }, false);
    try {
      const value = await fn();
      const detail = options.detail?.(value);
      this.#emit(this.#report(stage, 'ok', started, target, detail), true);
      return value;
    } catch (error) {
      const translated = options.translate(error);
      this.#emit({ ...this.#report(stage, 'failed', started, target, translated.message), code: translated.code }, true);
      throw translated;
    }
  }

  /** A stage that does not apply (no TLS over a Unix socket, no DNS through a tunnel). */
  skip(stage: TestStage, target: string | undefined, detail: string): void {
    this.#emit(this.#report(stage, 'skipped', performance.now(), target, detail), true);
  }

  /** A stage that finished outside `run`, such as the SSLRequest answered `N` under prefer. */
  record(stage: TestStage, status: 'ok' | 'failed', target: string | undefined, detail: string, error?: BridgeError): void {
    const report = this.#report(stage, status, performance.now(), target, detail);
    this.#emit(error ? { ...report, code: error.code } : report, true);
  }

  /**
   * A report made elsewhere (a tunnel's `ssh` stages): its detail is redacted, the final status kept, and it is
   * passed on like the recorder's own.
   */
  report(report: StageReport): void {
    const redacted = report.detail === undefined ? report : { ...report, detail: this.redact(report.detail) };
    this.#emit(redacted, report.status !== 'running');
  }

  #report(stage: TestStage, status: StageReport['status'], started: number, target: string | undefined, detail: string | undefined): StageReport {
    return {
      stage,
      status,
      ms: Math.max(0, Math.round(performance.now() - started)),
      ...(detail === undefined ? {} : { detail: this.redact(detail) }),
      ...(target === undefined ? {} : { target }),
    };
  }

  #emit(report: StageReport, keep: boolean): void {
    if (keep) this.reports.push(report);
    this.listener?.(report);
  }
}
