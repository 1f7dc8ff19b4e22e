import protobuf from 'protobufjs';
import { protoFiles, protoRoot } from './proto-files.js';

/** Encodes and decodes one protobuf message type; decode yields plain objects with defaults. */
export interface Codec<T> {
  /** Fully qualified message name, for example `cqb.v1.QueryReceived`. */
  readonly typeName: string;
  encode(value: T): Uint8Array;
  /** Throws {@link DecodeError} when the bytes are not a valid message of this type. */
  decode(bytes: Uint8Array): T;
}

/** Raised when bytes on a topic cannot be decoded as the topic's message type. */
export class DecodeError extends Error {
  constructor(typeName: string, options: { cause: unknown }) {
    super(`cannot decode ${typeName}`, options);
    this.name = 'DecodeError';
  }
}

let root: protobuf.Root | undefined;

function loadRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    r.resolvePath = (_origin, target) =>
      target.startsWith('/') ? target : `${protoRoot}/${target}`;
    root = r.loadSync([...protoFiles], { keepCase: false });
  }
  return root;
}

const toObjectOptions: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
};

/** Builds a codec for the named message type of the cqb proto tree. */
export function createCodec<T>(typeName: string): Codec<T> {
  const type = loadRoot().lookupType(typeName);
  return {
    typeName,
    encode(value: T): Uint8Array {
      return type.encode(type.fromObject(value as Record<string, unknown>)).finish();
    },
    decode(bytes: Uint8Array): T {
      try {
        return type.toObject(type.decode(bytes), toObjectOptions) as T;
      } catch (cause) {
        throw new DecodeError(typeName, { cause });
      }
    },
  };
}
