/**
 * The one owner of the cqb.v1 proto tree: gRPC package loading, typed event messages and their
 * protobuf codecs, and the topic registry.
 */
export { protoFiles, protoRoot } from './proto-files.js';
export { loadGrpcPackage, loaderOptions } from './grpc.js';
export type { CqbGrpcPackage } from './grpc.js';
export { createCodec, DecodeError } from './codec.js';
export type { Codec } from './codec.js';
export { prefixTopic, renameTopic, topics } from './events.js';
export type {
  Answer,
  Assignment,
  CapacityReport,
  Feedback,
  PosteriorChanged,
  QueryEmbedded,
  QueryReceived,
  TopicKey,
  TopicSpec,
  VerdictGiven,
} from './events.js';
export type { SubmitRequest__Output as SubmitRequest } from './generated/cqb/v1/SubmitRequest.js';
export type { SubmitResponse } from './generated/cqb/v1/SubmitResponse.js';
export type { GiveFeedbackRequest__Output as GiveFeedbackRequest } from './generated/cqb/v1/GiveFeedbackRequest.js';
export type { GiveFeedbackResponse } from './generated/cqb/v1/GiveFeedbackResponse.js';
export type { RouterHandlers } from './generated/cqb/v1/Router.js';
export type { RouterClient } from './generated/cqb/v1/Router.js';
export type { AdminHandlers, AdminClient } from './generated/cqb/v1/Admin.js';
export type { GetQueueStatsResponse } from './generated/cqb/v1/GetQueueStatsResponse.js';
export type { GetPosteriorResponse } from './generated/cqb/v1/GetPosteriorResponse.js';
export type { LlmPosterior } from './generated/cqb/v1/LlmPosterior.js';
export type { HealthHandlers } from './generated/grpc/health/v1/Health.js';
export type { Outcome } from './generated/cqb/v1/Outcome.js';
export type { FeedbackSource } from './generated/cqb/v1/FeedbackSource.js';
export type { AnswerStatus } from './generated/cqb/v1/AnswerStatus.js';
export type { Verdict } from './generated/cqb/v1/Verdict.js';
