import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { GiveFeedbackRequest as _cqb_v1_GiveFeedbackRequest, GiveFeedbackRequest__Output as _cqb_v1_GiveFeedbackRequest__Output } from './cqb/v1/GiveFeedbackRequest.js';
import type { GiveFeedbackResponse as _cqb_v1_GiveFeedbackResponse, GiveFeedbackResponse__Output as _cqb_v1_GiveFeedbackResponse__Output } from './cqb/v1/GiveFeedbackResponse.js';
import type { RouterClient as _cqb_v1_RouterClient, RouterDefinition as _cqb_v1_RouterDefinition } from './cqb/v1/Router.js';
import type { SubmitRequest as _cqb_v1_SubmitRequest, SubmitRequest__Output as _cqb_v1_SubmitRequest__Output } from './cqb/v1/SubmitRequest.js';
import type { SubmitResponse as _cqb_v1_SubmitResponse, SubmitResponse__Output as _cqb_v1_SubmitResponse__Output } from './cqb/v1/SubmitResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cqb: {
    v1: {
      GiveFeedbackRequest: MessageTypeDefinition<_cqb_v1_GiveFeedbackRequest, _cqb_v1_GiveFeedbackRequest__Output>
      GiveFeedbackResponse: MessageTypeDefinition<_cqb_v1_GiveFeedbackResponse, _cqb_v1_GiveFeedbackResponse__Output>
      /**
       * Client API of cqb-router, served by the ingest service.
       */
      Router: SubtypeConstructor<typeof grpc.Client, _cqb_v1_RouterClient> & { service: _cqb_v1_RouterDefinition }
      SubmitRequest: MessageTypeDefinition<_cqb_v1_SubmitRequest, _cqb_v1_SubmitRequest__Output>
      SubmitResponse: MessageTypeDefinition<_cqb_v1_SubmitResponse, _cqb_v1_SubmitResponse__Output>
      Verdict: EnumTypeDefinition
    }
  }
}

