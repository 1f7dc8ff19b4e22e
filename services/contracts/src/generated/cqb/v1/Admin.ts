// Original file: ../../proto/cqb/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetPosteriorRequest as _cqb_v1_GetPosteriorRequest, GetPosteriorRequest__Output as _cqb_v1_GetPosteriorRequest__Output } from '../../cqb/v1/GetPosteriorRequest.js';
import type { GetPosteriorResponse as _cqb_v1_GetPosteriorResponse, GetPosteriorResponse__Output as _cqb_v1_GetPosteriorResponse__Output } from '../../cqb/v1/GetPosteriorResponse.js';
import type { GetQueueStatsRequest as _cqb_v1_GetQueueStatsRequest, GetQueueStatsRequest__Output as _cqb_v1_GetQueueStatsRequest__Output } from '../../cqb/v1/GetQueueStatsRequest.js';
import type { GetQueueStatsResponse as _cqb_v1_GetQueueStatsResponse, GetQueueStatsResponse__Output as _cqb_v1_GetQueueStatsResponse__Output } from '../../cqb/v1/GetQueueStatsResponse.js';

/**
 * Read-only inspection service served by the scheduler.
 */
export interface AdminClient extends grpc.Client {
  GetPosterior(argument: _cqb_v1_GetPosteriorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  GetPosterior(argument: _cqb_v1_GetPosteriorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  GetPosterior(argument: _cqb_v1_GetPosteriorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  GetPosterior(argument: _cqb_v1_GetPosteriorRequest, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  getPosterior(argument: _cqb_v1_GetPosteriorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  getPosterior(argument: _cqb_v1_GetPosteriorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  getPosterior(argument: _cqb_v1_GetPosteriorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  getPosterior(argument: _cqb_v1_GetPosteriorRequest, callback: grpc.requestCallback<_cqb_v1_GetPosteriorResponse__Output>): grpc.ClientUnaryCall;
  
  GetQueueStats(argument: _cqb_v1_GetQueueStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  GetQueueStats(argument: _cqb_v1_GetQueueStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  GetQueueStats(argument: _cqb_v1_GetQueueStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  GetQueueStats(argument: _cqb_v1_GetQueueStatsRequest, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  getQueueStats(argument: _cqb_v1_GetQueueStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  getQueueStats(argument: _cqb_v1_GetQueueStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  getQueueStats(argument: _cqb_v1_GetQueueStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  getQueueStats(argument: _cqb_v1_GetQueueStatsRequest, callback: grpc.requestCallback<_cqb_v1_GetQueueStatsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Read-only inspection service served by the scheduler.
 */
export interface AdminHandlers extends grpc.UntypedServiceImplementation {
  GetPosterior: grpc.handleUnaryCall<_cqb_v1_GetPosteriorRequest__Output, _cqb_v1_GetPosteriorResponse>;
  
  GetQueueStats: grpc.handleUnaryCall<_cqb_v1_GetQueueStatsRequest__Output, _cqb_v1_GetQueueStatsResponse>;
  
}

export interface AdminDefinition extends grpc.ServiceDefinition {
  GetPosterior: MethodDefinition<_cqb_v1_GetPosteriorRequest, _cqb_v1_GetPosteriorResponse, _cqb_v1_GetPosteriorRequest__Output, _cqb_v1_GetPosteriorResponse__Output>
  GetQueueStats: MethodDefinition<_cqb_v1_GetQueueStatsRequest, _cqb_v1_GetQueueStatsResponse, _cqb_v1_GetQueueStatsRequest__Output, _cqb_v1_GetQueueStatsResponse__Output>
}
