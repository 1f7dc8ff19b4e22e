import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdminClient as _cqb_v1_AdminClient, AdminDefinition as _cqb_v1_AdminDefinition } from './cqb/v1/Admin.js';
import type { GetPosteriorRequest as _cqb_v1_GetPosteriorRequest, GetPosteriorRequest__Output as _cqb_v1_GetPosteriorRequest__Output } from './cqb/v1/GetPosteriorRequest.js';
import type { GetPosteriorResponse as _cqb_v1_GetPosteriorResponse, GetPosteriorResponse__Output as _cqb_v1_GetPosteriorResponse__Output } from './cqb/v1/GetPosteriorResponse.js';
import type { GetQueueStatsRequest as _cqb_v1_GetQueueStatsRequest, GetQueueStatsRequest__Output as _cqb_v1_GetQueueStatsRequest__Output } from './cqb/v1/GetQueueStatsRequest.js';
import type { GetQueueStatsResponse as _cqb_v1_GetQueueStatsResponse, GetQueueStatsResponse__Output as _cqb_v1_GetQueueStatsResponse__Output } from './cqb/v1/GetQueueStatsResponse.js';
import type { LlmPosterior as _cqb_v1_LlmPosterior, LlmPosterior__Output as _cqb_v1_LlmPosterior__Output } from './cqb/v1/LlmPosterior.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  cqb: {
    v1: {
      /**
       * Read-only inspection service served by the scheduler.
       */
      Admin: SubtypeConstructor<typeof grpc.Client, _cqb_v1_AdminClient> & { service: _cqb_v1_AdminDefinition }
      GetPosteriorRequest: MessageTypeDefinition<_cqb_v1_GetPosteriorRequest, _cqb_v1_GetPosteriorRequest__Output>
      GetPosteriorResponse: MessageTypeDefinition<_cqb_v1_GetPosteriorResponse, _cqb_v1_GetPosteriorResponse__Output>
      GetQueueStatsRequest: MessageTypeDefinition<_cqb_v1_GetQueueStatsRequest, _cqb_v1_GetQueueStatsRequest__Output>
      GetQueueStatsResponse: MessageTypeDefinition<_cqb_v1_GetQueueStatsResponse, _cqb_v1_GetQueueStatsResponse__Output>
      LlmPosterior: MessageTypeDefinition<_cqb_v1_LlmPosterior, _cqb_v1_LlmPosterior__Output>
    }
  }
}

