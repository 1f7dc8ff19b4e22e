import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('redacts text, prompt, answer, apiKey and authorization at any depth', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'svc', destination: stream });
    logger.info(
      {
        queryId: 'q1',
        text: 'secret prompt',
        nested: { answer: 'model output', deeper: [{ apiKey: 'k', authorization: 'Bearer x' }] },
        prompt: 'p',
      },
      'query received',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ service: 'svc', pid: process.pid, msg: 'query received' });
    expect(line.queryId).toBe('q1');
    expect(JSON.stringify(line)).not.toMatch(/secret prompt|model output|Bearer|"k"/);
    expect(line.text).toBe('[redacted]');
    expect(line.nested).toEqual({
      answer: '[redacted]',
      deeper: [{ apiKey: '[redacted]', authorization: '[redacted]' }],
    });
  });

  it('honours the level and keeps error fields', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'svc', level: 'warn', destination: stream });
    logger.info('dropped');
    logger.warn({ err: new Error('boom') }, 'recovered');
    expect(lines.map((l) => l.msg)).toEqual(['recovered']);
    expect((lines[0]!.err as { message: string }).message).toBe('boom');
  });
});
