import { setImmediate as afterIo } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { bufferedSink, Logger } from './logger.js';
import { Redactor } from './redact.js';

describe('bufferedSink', () => {
  it('writes the lines of one turn together, once that turn is done, in order', async () => {
    const writes: string[] = [];
    const logger = new Logger(new Redactor(), bufferedSink((text) => writes.push(text)));
    logger.info('first');
    logger.warn('second');
    expect(writes).toEqual([]);
    await afterIo();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['first', 'second']);
  });

  it('starts a new write for the next turn', async () => {
    const writes: string[] = [];
    const sink = bufferedSink((text) => writes.push(text));
    sink.write('a\n');
    await afterIo();
    sink.write('b\n');
    await afterIo();
    expect(writes).toEqual(['a\n', 'b\n']);
  });

  it('still redacts every line', async () => {
    const writes: string[] = [];
    const logger = new Logger(new Redactor(), bufferedSink((text) => writes.push(text)));
    logger.redactor.add('CANARY-SECRET');
    logger.error('failed', { detail: 'with CANARY-SECRET inside' });
    await afterIo();
    expect(writes.join('')).not.toContain('CANARY-SECRET');
  });
});
