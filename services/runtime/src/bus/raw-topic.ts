import type { Codec, TopicSpec } from '@cqb/contracts';

const identity: Codec<Uint8Array> = {
  typeName: 'bytes',
  encode: (value) => value,
  decode: (bytes) => bytes,
};

/** A topic read and written as plain bytes, for example a dead-letter topic. */
export function rawTopic(name: string): TopicSpec<Uint8Array> {
  return { name, codec: identity };
}
