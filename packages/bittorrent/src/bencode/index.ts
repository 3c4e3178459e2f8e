// Public surface of the BEP 3 bencode codec.
export { decode, decodeDictWithSpans, rawValueSpan } from './decode.js';
export { encode } from './encode.js';
export { RawBencode } from './types.js';
export type {
  BencodeDict,
  BencodeInput,
  BencodeList,
  BencodeValue,
  ByteSpan,
  DecodeOptions,
} from './types.js';
