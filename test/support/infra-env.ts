/** Addresses of the test servers that infra/with-infra.sh (or `npm run infra:up`) started. */
export interface InfraEnv {
  /** Kafka bootstrap servers, e.g. `['127.0.0.1:40123']`. */
  kafkaBrokers: string[];
  /** URL of the `cqb` database on the test Postgres server; other databases live beside it. */
  databaseUrl: string;
}

/** Thrown when a test that needs Kafka or Postgres runs without them. */
export class InfraEnvError extends Error {
  constructor(missing: string[]) {
    super(
      `${missing.join(' and ')} not set: run the tests through \`npm run test:integration\` ` +
        '(infra/with-infra.sh), or start the servers with `npm run infra:up` and ' +
        '`source .cache/infra/env`',
    );
    this.name = 'InfraEnvError';
  }
}

/**
 * Reads CQB_TEST_KAFKA_BROKERS (comma-separated host:port list) and CQB_TEST_DATABASE_URL.
 * Throws InfraEnvError naming every missing variable.
 */
export function readInfraEnv(env: NodeJS.ProcessEnv = process.env): InfraEnv {
  const brokers = env.CQB_TEST_KAFKA_BROKERS?.trim() ?? '';
  const databaseUrl = env.CQB_TEST_DATABASE_URL?.trim() ?? '';
  const missing = [
    ...(brokers ? [] : ['CQB_TEST_KAFKA_BROKERS']),
    ...(databaseUrl ? [] : ['CQB_TEST_DATABASE_URL']),
  ];
  if (missing.length > 0) throw new InfraEnvError(missing);
  return { kafkaBrokers: brokers.split(',').map((b) => b.trim()), databaseUrl };
}
