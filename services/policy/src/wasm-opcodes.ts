/**
 * The pieces of the WebAssembly binary format that wasm-kernel.ts assembles its module from:
 * opcodes (core 2.0 and fixed-width SIMD), value types, and the encodings of integers, floats,
 * sections and names.
 */
// Opcodes used by the listing (WebAssembly core 2.0 and the fixed-width SIMD proposal). Every
// i32.const below is in [0, 63], so its signed LEB128 immediate is the byte itself.
export const BLOCK = 0x02;
export const LOOP = 0x03;
export const IF = 0x04;
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const VOID = 0x40;
export const GET = 0x20;
export const SET = 0x21;
export const I32_CONST = 0x41;
export const F64_CONST = 0x44;
export const F64_LOAD = 0x2b;
export const I32_STORE = 0x36;
export const F64_STORE = 0x39;
export const I32_LT_U = 0x49;
export const I32_EQZ = 0x45;
export const I32_GT_U = 0x4b;
export const I32_GE_U = 0x4f;
export const F64_EQ = 0x61;
export const F64_GT = 0x64;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_MUL = 0x6c;
export const I32_AND = 0x71;
export const I32_OR = 0x72;
export const I32_SHL = 0x74;
export const F64_ADD = 0xa0;
export const F64_SUB = 0xa1;
export const F64_MUL = 0xa2;
export const F64_DIV = 0xa3;
export const SIMD = 0xfd;
export const V128_LOAD = [SIMD, 0x00];
export const V128_STORE = [SIMD, 0x0b];
export const V128_CONST = [SIMD, 0x0c];
export const F64X2_SPLAT = [SIMD, 0x14];
export const F64X2_EXTRACT = [SIMD, 0x21];
export const F64X2_ADD = [SIMD, 0xf0, 0x01];
export const F64X2_SUB = [SIMD, 0xf1, 0x01];
export const F64X2_MUL = [SIMD, 0xf2, 0x01];
export const T_I32 = 0x7f;
export const T_F64 = 0x7c;
export const T_V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** The eight little-endian bytes of an f64 immediate. */
export function f64Bytes(v: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([v]).buffer));
}

/** A module section: id, byte length, body. */
export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** A name as WebAssembly encodes it: length, then the bytes. */
export function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}
