import { createKafkaBus, createLogger, createMetricsRegistry } from '@cqb/runtime';
import { runBusContract } from '@cqb/runtime/testing';

const brokers = process.env.CQB_TEST_KAFKA_BROKERS;
if (!brokers) throw new Error('CQB_TEST_KAFKA_BROKERS is not set: run through infra/with-infra.sh');

const logger = createLogger({ service: 'bus-test', level: 'fatal' });

runBusContract({
  name: 'kafka',
  createBus: () =>
    createKafkaBus({
      brokers: brokers.split(','),
      clientId: 'bus-contract',
      logger,
      partitions: 3,
      registry: createMetricsRegistry('bus-test'),
    }),
  waitMs: 60_000,
});
