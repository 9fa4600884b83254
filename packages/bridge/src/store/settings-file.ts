import { copyFile, constants, mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BridgeError } from '@pgconnect/core';
import { writeFileAtomic } from './atomic-write.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { JsonSyntaxError, parseJsonText, type ParsedJson } from './json-text.js';

/** What a document check found wrong, and where. */
export interface DocumentProblem {
  path: readonly PropertyKey[];
  reason: string;
  /** The file was written by a newer pgconnect: it is not damaged, only not understood, so it is not set aside. */
  newer?: boolean;
}

/** How one kind of settings document is created, checked and (if ever needed) migrated. */
export interface DocumentCodec<T> {
  empty(): T;
  check(value: unknown): { ok: true; value: T } | { ok: false; problem: DocumentProblem };
}

export interface SettingsFileOptions extends FileLockOptions {
  /** File mode for new files; 0600 for files only this user should read. */
  mode?: number;
  /** Mode for the directory when it has to be created. */
  dirMode?: number;
}

/**
 * One JSON settings file: read whole, changed only under its lock, written atomically.
 *
 * A file that does not parse or does not match its schema is never overwritten: it is copied aside to
 * `<file>.corrupt-<timestamp>` (once per distinct content) and every read and write fails with
 * `STORE_SETTINGS_CORRUPT`, naming the file, the line and what is wrong, until someone fixes or removes it.
 */
export class SettingsFile<T> {
  constructor(
    readonly path: string,
    private readonly codec: DocumentCodec<T>,
    private readonly options: SettingsFileOptions = {},
  ) {}

  /** The current document. Needs no lock: the file is only ever replaced whole, by rename. */
  async read(): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.codec.empty();
      throw new BridgeError('STORE_WRITE_FAILED', {
        message: `The settings file ${this.path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        hint: 'Check that the file is readable by the user running the bridge.',
        data: { path: this.path },
        cause: error,
      });
    }
    return this.#decode(text);
  }

  /**
   * Read-modify-write under the file's lock: `change` gets the latest document (as another process may have
   * just written it), edits it in place and returns a result. If it throws, nothing is written.
   */
  async update<R>(change: (doc: T) => R | Promise<R>): Promise<R> {
    await this.#ensureDir();
    return withFileLock(
      this.path,
      async () => {
        const doc = await this.read();
        const result = await change(doc);
        const checked = this.codec.check(JSON.parse(JSON.stringify(doc)));
        if (!checked.ok) {
          // A bug or a bad request, never a reason to write a file the next read would refuse.
          throw new BridgeError('STORE_WRITE_FAILED', {
            message: `The change would make ${this.path} invalid: ${checked.problem.reason} (at ${checked.problem.path.join('.') || 'top level'}).`,
            hint: 'Nothing was written. Check the values being saved.',
            data: { path: this.path, field: checked.problem.path.join('.') },
          });
        }
        try {
          await writeFileAtomic(this.path, `${JSON.stringify(doc, null, 2)}\n`, { mode: this.options.mode ?? 0o644 });
        } catch (error) {
          throw new BridgeError('STORE_WRITE_FAILED', {
            data: { path: this.path, reason: (error as NodeJS.ErrnoException).code ?? 'error' },
            cause: error,
          });
        }
        return result;
      },
      this.options,
    );
  }

  async #ensureDir(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: this.options.dirMode ?? 0o700 });
    } catch (error) {
      throw new BridgeError('STORE_WRITE_FAILED', { data: { path: dirname(this.path) }, cause: error });
    }
  }

  async #decode(text: string): Promise<T> {
    let parsed: ParsedJson;
    try {
      parsed = parseJsonText(text);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      throw await this.#corrupt(text, error.reason, error.position.line, error.position.column);
    }
    const checked = this.codec.check(parsed.value);
    if (checked.ok) return checked.value;
    const { line, column } = parsed.locate(checked.problem.path);
    if (checked.problem.newer) {
      throw new BridgeError('STORE_SETTINGS_CORRUPT', {
        message: `The settings file ${this.path} was written by a newer version of pgconnect.`,
        hint: 'Update pgconnect to read it. This version will not change the file.',
        data: { path: this.path, line, column, reason: checked.problem.reason },
      });
    }
    const field = checked.problem.path.map(String).join('.');
    throw await this.#corrupt(text, field ? `${field}: ${checked.problem.reason}` : checked.problem.reason, line, column);
  }

  async #corrupt(text: string, reason: string, line: number, column: number): Promise<BridgeError> {
    const keptAt = await this.#keepAside(text);
    return new BridgeError('STORE_SETTINGS_CORRUPT', {
      message: `The settings file ${this.path} is damaged at line ${line}, column ${column}: ${reason}.`,
      hint: keptAt
        ? `A copy was kept at ${keptAt}. Fix the file by hand (or delete it to start empty); pgconnect does not overwrite it while it is unreadable.`
        : 'Fix the file by hand (or delete it to start empty); pgconnect does not overwrite it while it is unreadable.',
      data: { path: this.path, line, column, reason, ...(keptAt ? { keptAt } : {}) },
    });
  }

  /** Copies the damaged file aside once per distinct content, so repeated reads do not pile up copies. */
  async #keepAside(text: string): Promise<string | undefined> {
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}.corrupt-`;
    try {
      for (const name of await readdir(dir)) {
        if (name.startsWith(prefix) && (await readFile(join(dir, name), 'utf8')) === text) return join(dir, name);
      }
      const keptAt = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await copyFile(this.path, keptAt, constants.COPYFILE_EXCL);
      return keptAt;
    } catch {
      return undefined; // The copy is a courtesy; the original is left untouched either way.
    }
  }
}
