// Original file: ../../proto/cqb/v1/admin.proto


export interface GetQueueStatsRequest {
}

export interface GetQueueStatsRequest__Output {
}
