import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Answer as _cqb_v1_Answer, Answer__Output as _cqb_v1_Answer__Output } from './cqb/v1/Answer.js';
import type { Assignment as _cqb_v1_Assignment, Assignment__Output as _cqb_v1_Assignment__Output } from './cqb/v1/Assignment.js';
import type { CapacityReport as _cqb_v1_CapacityReport, CapacityReport__Output as _cqb_v1_CapacityReport__Output } from './cqb/v1/CapacityReport.js';
import type { Feedback as _cqb_v1_Feedback, Feedback__Output as _cqb_v1_Feedback__Output } from './cqb/v1/Feedback.js';
import type { GiveFeedbackRequest as _cqb_v1_GiveFeedbackRequest, GiveFeedbackRequest__Output as _cqb_v1_GiveFeedbackRequest__Output } from './cqb/v1/GiveFeedbackRequest.js';
import type { GiveFeedbackResponse as _cqb_v1_GiveFeedbackResponse, GiveFeedbackResponse__Output as _cqb_v1_GiveFeedbackResponse__Output } from './cqb/v1/GiveFeedbackResponse.js';
import type { PosteriorChanged as _cqb_v1_PosteriorChanged, PosteriorChanged__Output as _cqb_v1_PosteriorChanged__Output } from './cqb/v1/PosteriorChanged.js';
import type { QueryEmbedded as _cqb_v1_QueryEmbedded, QueryEmbedded__Output as _cqb_v1_QueryEmbedded__Output } from './cqb/v1/QueryEmbedded.js';
import type { QueryReceived as _cqb_v1_QueryReceived, QueryReceived__Output as _cqb_v1_QueryReceived__Output } from './cqb/v1/QueryReceived.js';
import type { RouterClient as _cqb_v1_RouterClient, RouterDefinition as _cqb_v1_RouterDefinition } from './cqb/v1/Router.js';
import type { SubmitRequest as _cqb_v1_SubmitRequest, SubmitRequest__Output as _cqb_v1_SubmitRequest__Output } from './cqb/v1/SubmitRequest.js';
import type { SubmitResponse as _cqb_v1_SubmitResponse, SubmitResponse__Output as _cqb_v1_SubmitResponse__Output } from './cqb/v1/SubmitResponse.js';
import type { VerdictGiven as _cqb_v1_VerdictGiven, VerdictGiven__Output as _cqb_v1_VerdictGiven__Output } from './cqb/v1/VerdictGiven.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cqb: {
    v1: {
      Answer: MessageTypeDefinition<_cqb_v1_Answer, _cqb_v1_Answer__Output>
      AnswerStatus: EnumTypeDefinition
      Assignment: MessageTypeDefinition<_cqb_v1_Assignment, _cqb_v1_Assignment__Output>
      CapacityReport: MessageTypeDefinition<_cqb_v1_CapacityReport, _cqb_v1_CapacityReport__Output>
      Feedback: MessageTypeDefinition<_cqb_v1_Feedback, _cqb_v1_Feedback__Output>
      FeedbackSource: EnumTypeDefinition
      GiveFeedbackRequest: MessageTypeDefinition<_cqb_v1_GiveFeedbackRequest, _cqb_v1_GiveFeedbackRequest__Output>
      GiveFeedbackResponse: MessageTypeDefinition<_cqb_v1_GiveFeedbackResponse, _cqb_v1_GiveFeedbackResponse__Output>
      Outcome: EnumTypeDefinition
      PosteriorChanged: MessageTypeDefinition<_cqb_v1_PosteriorChanged, _cqb_v1_PosteriorChanged__Output>
      QueryEmbedded: MessageTypeDefinition<_cqb_v1_QueryEmbedded, _cqb_v1_QueryEmbedded__Output>
      QueryReceived: MessageTypeDefinition<_cqb_v1_QueryReceived, _cqb_v1_QueryReceived__Output>
      /**
       * Client API of cqb-router, served by the ingest service.
       */
      Router: SubtypeConstructor<typeof grpc.Client, _cqb_v1_RouterClient> & { service: _cqb_v1_RouterDefinition }
      SubmitRequest: MessageTypeDefinition<_cqb_v1_SubmitRequest, _cqb_v1_SubmitRequest__Output>
      SubmitResponse: MessageTypeDefinition<_cqb_v1_SubmitResponse, _cqb_v1_SubmitResponse__Output>
      Verdict: EnumTypeDefinition
      VerdictGiven: MessageTypeDefinition<_cqb_v1_VerdictGiven, _cqb_v1_VerdictGiven__Output>
    }
  }
}

