import type { Registry } from 'prom-client';
import type { EventBus } from '../bus/bus.js';
import { createKafkaBus } from '../bus/kafka-bus.js';
import type { Database } from '../db/db.js';
import { runMigrations } from '../db/migrations.js';
import { createPgDatabase } from '../db/pg-database.js';
import type { Logger } from '../logging/logger.js';
import type { HealthService } from '../grpc/health.js';
import { createHealthService } from '../grpc/health.js';
import { startGrpcServer } from '../grpc/server.js';
import { startMetricsServer } from '../telemetry/metrics-server.js';
import { shutdownTelemetry } from '../telemetry/sdk.js';

/** The shared settings a service process reads (a subset of `commonConfigShape`). */
export interface ServiceProcessConfig {
  CQB_KAFKA_BROKERS?: string[] | undefined;
  CQB_KAFKA_CLIENT_ID: string;
  CQB_DATABASE_URL?: string | undefined;
  CQB_METRICS_PORT: number;
  CQB_GRPC_ADDRESS?: string | undefined;
}

/** Something started that the process stops at shutdown. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The start-up and shutdown of one service process (distributed mode). Each `open*` or `started`
 * call registers how to stop what it opened; SIGTERM and SIGINT stop everything in reverse order,
 * flush telemetry and exit 0. A missing required setting exits 2 naming it.
 */
export interface ServiceProcess {
  /** Kafka from CQB_KAFKA_BROKERS (required). */
  openKafkaBus(config: ServiceProcessConfig): EventBus;
  /** Postgres from CQB_DATABASE_URL (required), with the migrations applied. */
  openDatabase(config: ServiceProcessConfig): Promise<Database>;
  /** Registers a started part; it is stopped before everything registered earlier. */
  started(name: string, part: Stoppable): void;
  /**
   * Serves grpc.health.v1 alone on CQB_GRPC_ADDRESS, NOT_SERVING until `ready`, and NOT_SERVING
   * again first thing at shutdown. For services whose own factory serves no gRPC.
   */
  serveHealth(config: ServiceProcessConfig): Promise<HealthService>;
  /**
   * Serves `/metrics` on CQB_METRICS_PORT and logs "ready" with `fields`, the metrics port and
   * (when `serveHealth` ran) the gRPC port.
   */
  ready(metrics: Registry, config: ServiceProcessConfig, fields?: object): Promise<void>;
  /** Logs `err` as fatal, stops what was started, and exits 1. */
  fail(err: unknown, message: string): Promise<never>;
}

/** Creates the lifecycle of a service process and installs its signal handlers. */
export function createServiceProcess(logger: Logger): ServiceProcess {
  const parts: { name: string; part: Stoppable }[] = [];
  let health: HealthService | undefined;
  let healthPort: number | undefined;

  const required = <K extends 'CQB_KAFKA_BROKERS' | 'CQB_DATABASE_URL'>(
    config: ServiceProcessConfig,
    key: K,
  ): NonNullable<ServiceProcessConfig[K]> => {
    const value = config[key];
    if (value === undefined) {
      process.stderr.write(`invalid configuration:\n  ${key}: required\n`);
      process.exit(2);
    }
    return value;
  };

  async function stopAll(): Promise<void> {
    for (const { name, part } of parts.splice(0).reverse()) {
      try {
        await part.stop();
      } catch (err) {
        logger.error({ err, part: name }, 'stop failed');
      }
    }
    await shutdownTelemetry();
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      void stopAll().then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
  }

  return {
    openKafkaBus(config) {
      const brokers = required(config, 'CQB_KAFKA_BROKERS');
      const bus = createKafkaBus({ brokers, clientId: config.CQB_KAFKA_CLIENT_ID, logger });
      parts.push({ name: 'bus', part: { stop: () => bus.close() } });
      return bus;
    },
    async openDatabase(config) {
      const connectionString = required(config, 'CQB_DATABASE_URL');
      const db = createPgDatabase({ connectionString, logger });
      parts.push({ name: 'database', part: { stop: () => db.close() } });
      await runMigrations(db, { logger });
      return db;
    },
    started(name, part) {
      parts.push({ name, part });
    },
    async serveHealth(config) {
      health = createHealthService();
      health.setStatus('', 'NOT_SERVING');
      const address = config.CQB_GRPC_ADDRESS ?? '0.0.0.0:50051';
      const server = await startGrpcServer({ address, services: [health], logger });
      parts.push({ name: 'grpc', part: { stop: () => server.stop(1000) } });
      healthPort = server.port;
      return health;
    },
    async ready(metrics, config, fields = {}) {
      const server = await startMetricsServer({
        registry: metrics,
        port: config.CQB_METRICS_PORT,
      }).catch((err: unknown) => this.fail(err, 'cannot serve metrics'));
      parts.push({ name: 'metrics', part: { stop: () => server.close() } });
      if (health) {
        const served = health;
        served.setStatus('', 'SERVING');
        parts.push({ name: 'health', part: { stop: () => Promise.resolve(served.shutdown()) } });
      }
      logger.info({ port: healthPort, ...fields, metricsPort: server.port }, 'ready');
    },
    async fail(err, message) {
      logger.fatal({ err }, message);
      await stopAll();
      process.exit(1);
    },
  };
}
