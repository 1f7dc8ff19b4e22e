// Waits until the Kafka broker at argv[2] answers a metadata request with itself in the cluster.
// Usage: node infra/kafka/ready.mjs HOST:PORT BROKER_PID TIMEOUT_SECONDS
// Exits 0 when ready, 1 on timeout, 2 when the broker process died first.
/* global console, process, URL */
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';

const [broker, pidArg, timeoutArg] = process.argv.slice(2);
if (!broker || !pidArg) {
  console.error('usage: ready.mjs HOST:PORT BROKER_PID [TIMEOUT_SECONDS]');
  process.exit(64);
}
const pid = Number(pidArg);
const deadline = Date.now() + Number(timeoutArg ?? 120) * 1000;

// kafkajs is a dependency of the test package (test/package.json), not of the root.
const require = createRequire(new URL('../../test/package.json', import.meta.url));
let Kafka, logLevel;
try {
  ({ Kafka, logLevel } = require('kafkajs'));
} catch (err) {
  console.error(`kafkajs not found (${String(err)}); run \`pnpm install\` first`);
  process.exit(1);
}

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

async function probe() {
  const kafka = new Kafka({
    clientId: 'cqb-infra-ready',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

let lastError = 'no attempt';
while (Date.now() < deadline) {
  if (!alive(pid)) {
    console.error(`broker process ${pid} exited before becoming ready`);
    process.exit(2);
  }
  try {
    if (await probe()) process.exit(0);
    lastError = 'metadata listed no broker';
  } catch (err) {
    lastError = err instanceof Error ? err.message : String(err);
  }
  await delay(500);
}
console.error(`broker ${broker} not ready in time: ${lastError}`);
process.exit(1);
