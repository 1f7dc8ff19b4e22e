import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGrpcPackage } from '@cqb/contracts';
import { createLogger } from '../logging/logger.js';
import { pollUntil } from '../testing/poll-until.js';
import {
  DeadlineExceededError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  toGrpcStatus,
  UnavailableError,
} from './errors.js';
import { createHealthService } from './health.js';
import type { RunningGrpcServer } from './server.js';
import { startGrpcServer } from './server.js';
import { unaryHandler } from './unary.js';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('toGrpcStatus', () => {
  it('maps each typed error to its code and keeps the message', () => {
    const cases: [Error, grpc.status][] = [
      [new InvalidArgumentError('empty text'), grpc.status.INVALID_ARGUMENT],
      [new ResourceExhaustedError('full'), grpc.status.RESOURCE_EXHAUSTED],
      [new UnavailableError('down', { cause: new Error('econnrefused') }), grpc.status.UNAVAILABLE],
      [new DeadlineExceededError('late'), grpc.status.DEADLINE_EXCEEDED],
      [new NotFoundError('no such query'), grpc.status.NOT_FOUND],
      [new PermissionDeniedError('other user'), grpc.status.PERMISSION_DENIED],
    ];
    for (const [err, code] of cases)
      expect(toGrpcStatus(err)).toEqual({ code, details: err.message });
    expect(new UnavailableError('x', { cause: 'y' }).cause).toBe('y');
    expect(new ResourceExhaustedError('x').retriable).toBe(true);
    expect(new InvalidArgumentError('x').name).toBe('InvalidArgumentError');
  });

  it('hides unexpected errors behind INTERNAL', () => {
    const mapped = toGrpcStatus(new TypeError('secret detail'));
    expect(mapped).toEqual({ code: grpc.status.INTERNAL, details: 'internal error' });
  });

  it('answers through unaryHandler exactly once', async () => {
    const calls: unknown[][] = [];
    const handler = unaryHandler<{ n: number }, { n: number }>(async (req) => {
      if (req.n < 0) throw new InvalidArgumentError('negative');
      return Promise.resolve({ n: req.n * 2 });
    }, logger);
    const throwsAtOnce = unaryHandler<{ n: number }, { n: number }>(() => {
      throw new NotFoundError('gone');
    }, logger);
    throwsAtOnce(
      { request: { n: 0 } } as grpc.ServerUnaryCall<{ n: number }, { n: number }>,
      (...args) => {
        calls.push(args);
      },
    );
    for (const n of [2, -1]) {
      handler(
        { request: { n } } as grpc.ServerUnaryCall<{ n: number }, { n: number }>,
        (...args) => {
          calls.push(args);
        },
      );
    }
    await pollUntil(() => calls.length === 3);
    expect(calls).toContainEqual([null, { n: 4 }]);
    expect(calls).toContainEqual([{ code: grpc.status.INVALID_ARGUMENT, details: 'negative' }]);
    expect(calls).toContainEqual([{ code: grpc.status.NOT_FOUND, details: 'gone' }]);
  });
});

describe('health service on a real server', () => {
  const health = createHealthService();
  let running: RunningGrpcServer;
  let client: InstanceType<ReturnType<typeof loadGrpcPackage>['grpc']['health']['v1']['Health']>;

  beforeAll(async () => {
    running = await startGrpcServer({ address: '127.0.0.1:0', services: [health], logger });
    const Health = loadGrpcPackage().grpc.health.v1.Health;
    client = new Health(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await running.stop(1000);
  });

  const check = (service: string) =>
    new Promise<{ status?: string; code?: number }>((resolve) => {
      client.Check({ service }, (err, res) =>
        resolve(err ? { code: err.code } : { status: res?.status }),
      );
    });

  it('answers Check for the server and NOT_FOUND for unknown services', async () => {
    expect(running.port).toBeGreaterThan(0);
    expect(await check('')).toEqual({ status: 'SERVING' });
    expect(await check('cqb.v1.Router')).toEqual({ code: grpc.status.NOT_FOUND });
    health.setStatus('cqb.v1.Router', 'NOT_SERVING');
    expect(await check('cqb.v1.Router')).toEqual({ status: 'NOT_SERVING' });
  });

  it('streams status changes to Watch', async () => {
    const seen: string[] = [];
    const stream = client.Watch({ service: 'cqb.v1.Admin' });
    stream.on('data', (res: { status: string }) => seen.push(res.status));
    stream.on('error', () => undefined);
    await pollUntil(() => seen.length === 1);
    health.setStatus('cqb.v1.Admin', 'SERVING');
    health.shutdown();
    await pollUntil(() => seen.length === 3);
    stream.cancel();
    expect(seen).toEqual(['SERVICE_UNKNOWN', 'SERVING', 'NOT_SERVING']);
  });
});
