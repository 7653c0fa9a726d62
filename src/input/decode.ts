import { createRequire } from 'node:module';
import { CoordixError, UsageError } from '../errors.js';

/**
 * Bytes → text, all or nothing: a file is decoded in one encoding with every byte valid in it, or
 * refused with the line and column of the first byte that is not. Never a U+FFFD replacement
 * character made up by the decoder, and never a guess that turns part of a file into mojibake
 * (UTF-8 上海 read as GB18030 is 涓婃捣).
 *
 * Detection, in order:
 * 1. a byte-order mark: UTF-8 (EF BB BF, removed), UTF-16LE (FF FE) or UTF-16BE (FE FF);
 * 2. NUL bytes in the first 8 KiB: a binary file (or UTF-16 without a byte-order mark), refused;
 * 3. strict UTF-8;
 * 4. otherwise, by lines: if the non-ASCII lines that are valid UTF-8 are at least as many as the
 *    lines that are not, the file is UTF-8 with some lines in another encoding (a line pasted from
 *    a GBK file) — refused, naming the first bad line; otherwise strict GB18030 (a superset of
 *    GBK, the encoding of NBS exports and of Excel on Chinese Windows), every byte sequence
 *    checked against the GB18030 structure (one byte 00–80; two bytes 81–FE then 40–7E or
 *    80–FE; four bytes 81–FE, 30–39, 81–FE, 30–39 within the assigned ranges).
 * `--encoding` (`forced`) skips detection and still refuses bytes invalid in the forced encoding.
 * Line endings are left as they are: CR-only files (old Mac) are a matter for the CSV reader.
 */

export type EncodingName = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030' | 'gbk';
/** The encodings `--encoding` accepts. */
export const ENCODINGS = ['utf8', 'gbk', 'gb18030'] as const;

const ADVICE = 're-save the file as UTF-8, or force one encoding with --encoding gbk (or gb18030, utf8)';

/**
 * Decodes a text file (see the module comment). Returns the encoding used, to be reported by `inspect`.
 * @throws UsageError for an unknown `forced` encoding; CoordixError naming `name`, the line and
 * the column for bytes invalid in the encoding, a mixed-encoding file, or a binary file.
 * @example decodeText(new Uint8Array([0xb1, 0xb1, 0xbe, 0xa9]), 'data.csv') // => { text: '北京', encoding: 'gb18030' }
 */
export function decodeText(bytes: Uint8Array, name: string, forced?: string): { text: string; encoding: EncodingName } {
  if (forced !== undefined && !(ENCODINGS as readonly string[]).includes(forced)) {
    throw new UsageError(`--encoding ${forced}: unknown encoding; choose one of ${ENCODINGS.join(', ')}`);
  }
  if ((forced === 'gbk' || forced === 'gb18030') && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new CoordixError(`${name}: starts with a UTF-8 byte-order mark, so it is UTF-8, not ${label(forced)}; leave out --encoding ${forced}`);
  }
  if (forced === 'gbk' || forced === 'gb18030') return { text: decodeGbStrict(bytes, name, forced, `the file is not all ${label(forced)}; re-save it as UTF-8, or try another --encoding`), encoding: forced };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8Strict(bytes.subarray(3), name, `the file starts as UTF-8 (a byte-order mark) but is not all UTF-8; ${ADVICE}`), encoding: 'utf8' };
  }
  if (forced === undefined && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), name, 'le'), encoding: 'utf16le' };
  if (forced === undefined && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes.subarray(2), name, 'be'), encoding: 'utf16be' };
  refuseBinary(bytes, name);
  if (forced === 'utf8') return { text: decodeUtf8Strict(bytes, name, 'the file is not all UTF-8; re-save it as UTF-8, or try --encoding gbk'), encoding: 'utf8' };
  const text = tryUtf8(bytes);
  if (text !== null) return { text, encoding: 'utf8' };
  const lines = utf8Lines(bytes);
  if (lines.validNonAscii >= lines.invalid) {
    const { line, column } = locate(bytes, lines.firstInvalid, 'utf8');
    throw new CoordixError(
      `${name}: line ${line}, column ${column}: bytes ${hexAt(bytes, lines.firstInvalid)} are not UTF-8, in a file that is otherwise UTF-8 (${lines.invalid} of ${lines.invalid + lines.validNonAscii} non-ASCII lines are not) — a mixed encoding, such as a line pasted from a GBK file; ${ADVICE}`,
    );
  }
  const bad = gbInvalidAt(bytes, 'gb18030');
  if (bad >= 0) {
    const { line, column } = locate(bytes, bad, 'gb18030');
    throw new CoordixError(`${name}: line ${line}, column ${column}: bytes ${hexAt(bytes, bad)} are neither UTF-8 nor GB18030 (GBK) text; ${ADVICE}`);
  }
  return { text: decodeGbStrict(bytes, name, 'gb18030', ADVICE), encoding: 'gb18030' };
}

/**
 * Strict UTF-8 → text. @throws CoordixError "<name>: line L, column C: bytes 0x… are not UTF-8; <advice>".
 * A byte-order mark is kept (as U+FEFF); lines count line feeds, columns count characters.
 * @example decodeUtf8Strict(new Uint8Array([0x41, 0xe4, 0xb8, 0x8a]), 'm.yaml', 'save it as UTF-8') // => 'A上'
 */
export function decodeUtf8Strict(bytes: Uint8Array, name: string, advice: string): string {
  const text = tryUtf8(bytes);
  if (text !== null) return text;
  const bad = utf8InvalidAt(bytes);
  const { line, column } = locate(bytes, bad, 'utf8');
  throw new CoordixError(`${name}: line ${line}, column ${column}: bytes ${hexAt(bytes, bad)} are not UTF-8; ${advice}`);
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The offset of the first byte that does not start a valid UTF-8 sequence at or after `from`, or
 * −1. Valid: 00–7F; C2–DF + one continuation (80–BF); E0 A0–BF, E1–EC/EE–EF 80–BF, ED 80–9F (no
 * surrogates), + one more; F0 90–BF, F1–F3 80–BF, F4 80–8F (≤ U+10FFFF), + two more.
 * @example utf8InvalidAt(new Uint8Array([0x61, 0xc3, 0xa9, 0xb1, 0x62])) // => 3
 */
export function utf8InvalidAt(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const length = utf8SequenceLength(bytes, i, to);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** The length of the valid UTF-8 sequence starting at i, or 0 when none does. */
function utf8SequenceLength(bytes: Uint8Array, i: number, to: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < to && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Per line: how many non-ASCII lines are valid UTF-8, how many are not, and the first bad byte. */
function utf8Lines(bytes: Uint8Array): { validNonAscii: number; invalid: number; firstInvalid: number } {
  let validNonAscii = 0;
  let invalid = 0;
  let firstInvalid = -1;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const bad = utf8InvalidAt(bytes, start, end);
      if (bad < 0) validNonAscii++;
      else {
        invalid++;
        if (firstInvalid < 0) firstInvalid = bad;
      }
    }
    start = end + 1;
  }
  return { validNonAscii, invalid, firstInvalid };
}

/**
 * The offset of the first byte sequence that is not valid GB18030 (or, for 'gbk', GBK: one or two
 * bytes only), or −1. Valid: 00–80 (80 is the euro sign of code page 936); lead 81–FE with a
 * trail 40–7E or 80–FE; in GB18030 also four bytes 81–FE, 30–39, 81–FE, 30–39 that map to
 * U+0080–U+FFFF (first byte 81–84, up to 84 31 A4 39) or U+10000–U+10FFFF (90 30 81 30 to E3 32 9A 35).
 * @example gbInvalidAt(new Uint8Array([0xb1, 0xb1, 0x2c, 0xff]), 'gb18030') // => 3
 */
export function gbInvalidAt(bytes: Uint8Array, encoding: 'gbk' | 'gb18030'): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b <= 0x80) {
      i++;
      continue;
    }
    if (b === 0xff || i + 1 >= bytes.length) return i;
    const t = bytes[i + 1];
    if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe)) {
      i += 2;
      continue;
    }
    if (encoding === 'gb18030' && t >= 0x30 && t <= 0x39 && i + 3 < bytes.length) {
      const b3 = bytes[i + 2];
      const b4 = bytes[i + 3];
      if (b3 >= 0x81 && b3 <= 0xfe && b4 >= 0x30 && b4 <= 0x39) {
        const inner = (b3 - 0x81) * 10 + (b4 - 0x30);
        if (b >= 0x81 && b <= 0x84 && ((b - 0x81) * 10 + (t - 0x30)) * 1260 + inner <= 39419) {
          i += 4;
          continue;
        }
        if (b >= 0x90 && b <= 0xe3 && ((b - 0x90) * 10 + (t - 0x30)) * 1260 + inner <= 0xfffff) {
          i += 4;
          continue;
        }
      }
    }
    return i;
  }
  return -1;
}

function decodeGbStrict(bytes: Uint8Array, name: string, encoding: 'gbk' | 'gb18030', advice: string): string {
  const bad = gbInvalidAt(bytes, encoding);
  if (bad >= 0) {
    const { line, column } = locate(bytes, bad, encoding);
    throw new CoordixError(`${name}: line ${line}, column ${column}: bytes ${hexAt(bytes, bad)} are not ${label(encoding)}; ${advice}`);
  }
  const text = gbDecode(bytes, encoding).replace(/^\uFEFF/, '');
  // A replacement character the bytes did not encode (GB18030 84 31 A4 37 is U+FFFD itself).
  if (text.includes('\ufffd') && !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from([0x84, 0x31, 0xa4, 0x37]))) {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('\ufffd'));
    throw new CoordixError(`${name}: line ${line + 1}, column ${[...lines[line].slice(0, lines[line].indexOf('\ufffd'))].length + 1}: bytes that are not ${label(encoding)}; ${advice}`);
  }
  return text;
}

function gbDecode(bytes: Uint8Array, encoding: 'gbk' | 'gb18030'): string {
  // A CommonJS package, required on first use (only GBK input needs it).
  const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

function decodeUtf16(bytes: Uint8Array, name: string, order: 'le' | 'be'): string {
  try {
    return new TextDecoder(`utf-16${order}`, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CoordixError(
      `${name}: starts with a UTF-16${order.toUpperCase()} byte-order mark but is not valid UTF-16${order.toUpperCase()} (an odd number of bytes or a broken surrogate pair); re-save the file as UTF-8`,
    );
  }
}

/** NUL bytes in the first 8 KiB: binary, or UTF-16 without a byte-order mark (every other byte NUL). */
function refuseBinary(bytes: Uint8Array, name: string): void {
  const probe = bytes.subarray(0, 8192);
  if (!probe.includes(0)) return;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) (i % 2 === 0 ? even++ : odd++);
  const half = probe.length / 2;
  if (Math.max(even, odd) >= 0.3 * half && Math.min(even, odd) <= 0.01 * half) {
    throw new CoordixError(`${name}: looks like UTF-16 text without a byte-order mark (every other byte is NUL); re-save the file as UTF-8 (in Excel: "CSV UTF-8")`);
  }
  throw new CoordixError(`${name}: looks like a binary file (it contains NUL bytes), not CSV text; give a CSV, or an .xlsx/.xls workbook by its extension`);
}

/**
 * The 1-based line and column of a byte offset: lines counted by line feeds, the column in
 * characters of the line's bytes before it, decoded in the file's encoding.
 */
function locate(bytes: Uint8Array, offset: number, encoding: 'utf8' | 'gbk' | 'gb18030'): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    start = i + 1;
  }
  const before = bytes.subarray(start, offset);
  const text = encoding === 'utf8' ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(before) : gbDecode(before, encoding);
  return { line, column: [...text.replace(/\r$/, '')].length + 1 };
}

/** The bad bytes from an offset, as "0xB1 0xB1": up to four, stopping at the next ASCII byte. */
function hexAt(bytes: Uint8Array, offset: number): string {
  let end = offset + 1;
  while (end < bytes.length && end < offset + 4 && bytes[end] >= 0x80) end++;
  return [...bytes.subarray(offset, end)].map((b) => '0x' + b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function label(encoding: 'gbk' | 'gb18030'): string {
  return encoding === 'gbk' ? 'GBK' : 'GB18030';
}
