// Original file: ../../proto/cqb/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface GetQueueStatsResponse {
  'queueLength'?: (number);
  'oldestWaitMs'?: (number | string | Long);
  'rounds'?: (number | string | Long);
  'freeSlots'?: ({[key: string]: number});
}

export interface GetQueueStatsResponse__Output {
  'queueLength': (number);
  'oldestWaitMs': (number);
  'rounds': (number);
  'freeSlots': ({[key: string]: number});
}
