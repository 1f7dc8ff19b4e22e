// Original file: ../../proto/cqb/v1/router.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GiveFeedbackRequest as _cqb_v1_GiveFeedbackRequest, GiveFeedbackRequest__Output as _cqb_v1_GiveFeedbackRequest__Output } from '../../cqb/v1/GiveFeedbackRequest.js';
import type { GiveFeedbackResponse as _cqb_v1_GiveFeedbackResponse, GiveFeedbackResponse__Output as _cqb_v1_GiveFeedbackResponse__Output } from '../../cqb/v1/GiveFeedbackResponse.js';
import type { SubmitRequest as _cqb_v1_SubmitRequest, SubmitRequest__Output as _cqb_v1_SubmitRequest__Output } from '../../cqb/v1/SubmitRequest.js';
import type { SubmitResponse as _cqb_v1_SubmitResponse, SubmitResponse__Output as _cqb_v1_SubmitResponse__Output } from '../../cqb/v1/SubmitResponse.js';

/**
 * Client API of cqb-router, served by the ingest service.
 */
export interface RouterClient extends grpc.Client {
  /**
   * Records an explicit verdict on an earlier answer (optional; implicit feedback needs no call).
   */
  GiveFeedback(argument: _cqb_v1_GiveFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  GiveFeedback(argument: _cqb_v1_GiveFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  GiveFeedback(argument: _cqb_v1_GiveFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  GiveFeedback(argument: _cqb_v1_GiveFeedbackRequest, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Records an explicit verdict on an earlier answer (optional; implicit feedback needs no call).
   */
  giveFeedback(argument: _cqb_v1_GiveFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  giveFeedback(argument: _cqb_v1_GiveFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  giveFeedback(argument: _cqb_v1_GiveFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  giveFeedback(argument: _cqb_v1_GiveFeedbackRequest, callback: grpc.requestCallback<_cqb_v1_GiveFeedbackResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Submits a query and waits for its answer. Honours the call deadline.
   */
  Submit(argument: _cqb_v1_SubmitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  Submit(argument: _cqb_v1_SubmitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  Submit(argument: _cqb_v1_SubmitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  Submit(argument: _cqb_v1_SubmitRequest, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Submits a query and waits for its answer. Honours the call deadline.
   */
  submit(argument: _cqb_v1_SubmitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  submit(argument: _cqb_v1_SubmitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  submit(argument: _cqb_v1_SubmitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  submit(argument: _cqb_v1_SubmitRequest, callback: grpc.requestCallback<_cqb_v1_SubmitResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Client API of cqb-router, served by the ingest service.
 */
export interface RouterHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Records an explicit verdict on an earlier answer (optional; implicit feedback needs no call).
   */
  GiveFeedback: grpc.handleUnaryCall<_cqb_v1_GiveFeedbackRequest__Output, _cqb_v1_GiveFeedbackResponse>;
  
  /**
   * Submits a query and waits for its answer. Honours the call deadline.
   */
  Submit: grpc.handleUnaryCall<_cqb_v1_SubmitRequest__Output, _cqb_v1_SubmitResponse>;
  
}

export interface RouterDefinition extends grpc.ServiceDefinition {
  GiveFeedback: MethodDefinition<_cqb_v1_GiveFeedbackRequest, _cqb_v1_GiveFeedbackResponse, _cqb_v1_GiveFeedbackRequest__Output, _cqb_v1_GiveFeedbackResponse__Output>
  Submit: MethodDefinition<_cqb_v1_SubmitRequest, _cqb_v1_SubmitResponse, _cqb_v1_SubmitRequest__Output, _cqb_v1_SubmitResponse__Output>
}
