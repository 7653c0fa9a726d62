import { createRequire } from 'node:module';
import { CoordixError, UsageError } from '../errors.js';

export type EncodingName = 'utf8' | 'utf16le' | 'gb18030' | 'gbk';
export const ENCODINGS = ['utf8', 'gbk', 'gb18030'] as const;

/**
 * Bytes → text. Detection: a UTF-8 BOM (stripped) or a UTF-16LE BOM; otherwise strict UTF-8, and
 * on failure GB18030 (a superset of GBK, the encoding of NBS exports and of Excel on Chinese
 * Windows). `forced` skips detection. Returns the encoding used, to be reported by `inspect`.
 */
export async function decodeText(bytes: Uint8Array, name: string, forced?: string): Promise<{ text: string; encoding: EncodingName }> {
  if (forced !== undefined && !(ENCODINGS as readonly string[]).includes(forced)) {
    throw new UsageError(`--encoding ${forced}: unknown encoding; choose one of ${ENCODINGS.join(', ')}`);
  }
  if (forced === 'gbk' || forced === 'gb18030') return { text: await decodeGb(bytes, forced), encoding: forced };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (forced === undefined && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le' };
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    throw new CoordixError(`${name}: looks like a binary file (it contains NUL bytes), not CSV text; give a CSV, or an .xlsx/.xls workbook by its extension`);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    if (forced === 'utf8') throw new CoordixError(`${name}: is not valid UTF-8 text; try --encoding gbk`);
    return { text: await decodeGb(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

async function decodeGb(bytes: Uint8Array, encoding: 'gbk' | 'gb18030'): Promise<string> {
  // A CommonJS package, required on first use (only GBK input needs it).
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding).replace(/^\uFEFF/, '');
}
