#!/usr/bin/env node
/* global process, URL */
// A minimal cqb-router client: submits one query to cqb.v1.Router/Submit and prints the answer.
// Any gRPC client works the same way from proto/cqb/v1/router.proto.
//
//   npm run demo -- --serve            # or: npm run -s cqb -- serve
//   node examples/ask.mjs "Write a python function to reverse a string."
//   CQB_ADDRESS=127.0.0.1:50051 CQB_USER=alice node examples/ask.mjs "..."
//
// Asking the same thing again as the same user within the retry window tells the router the
// first answer was not good enough (implicit feedback); --retry-of QUERY_ID says so explicitly.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The gRPC libraries are dependencies of the workspace's contracts package.
const require = createRequire(new URL('../services/contracts/package.json', import.meta.url));
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = process.argv.slice(2);
const retryAt = args.indexOf('--retry-of');
const retryOf = retryAt >= 0 ? (args.splice(retryAt, 2)[1] ?? '') : '';
const text = args.join(' ');
if (!text) {
  process.stderr.write('usage: node examples/ask.mjs [--retry-of QUERY_ID] "your question"\n');
  process.exit(2);
}

const protoDir = fileURLToPath(new URL('../proto/', import.meta.url));
const definition = protoLoader.loadSync('cqb/v1/router.proto', {
  includeDirs: [protoDir],
  longs: Number,
  enums: String,
  defaults: true,
});
const { cqb } = grpc.loadPackageDefinition(definition);
const address = process.env.CQB_ADDRESS ?? '127.0.0.1:50051';
const client = new cqb.v1.Router(address, grpc.credentials.createInsecure());

const request = {
  tenant: process.env.CQB_TENANT ?? 'demo',
  user: process.env.CQB_USER ?? 'me',
  text,
  retryOf,
};
client.submit(request, { deadline: Date.now() + 60_000 }, (err, res) => {
  client.close();
  if (err) {
    process.stderr.write(`error ${grpc.status[err.code]}: ${err.details}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `query ${res.queryId} answered by ${res.llm} in ${res.latencyMs} ms ` +
      `(cost $${res.costUsd.toFixed(6)})\n\n${res.answer}\n`,
  );
});
