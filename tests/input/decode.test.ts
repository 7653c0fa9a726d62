import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoordixError, UsageError } from '../../src/errors.js';
import { decodeText, decodeUtf8Strict, gbInvalidAt, utf8InvalidAt } from '../../src/input/decode.js';
import { ROOT } from '../helpers.js';

const iconv = createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite');
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const gbk = (s: string) => iconv.encode(s, 'gbk');
const bytes = (...parts: Buffer[]) => new Uint8Array(Buffer.concat(parts));

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('decoding a text file, all or nothing', () => {
  it('reads strict UTF-8, with or without a byte-order mark', () => {
    expect(decodeText(utf8('region,year\n北京,2019\n'), 'a.csv')).toEqual({ text: 'region,year\n北京,2019\n', encoding: 'utf8' });
    expect(decodeText(bytes(Buffer.from([0xef, 0xbb, 0xbf]), utf8('地区\n')), 'a.csv')).toEqual({ text: '地区\n', encoding: 'utf8' });
  });

  it('reads a GBK file (北京 = B1 B1 BE A9 in GBK) as GB18030', () => {
    expect(decodeText(new Uint8Array([0xb1, 0xb1, 0xbe, 0xa9]), 'data.csv')).toEqual({ text: '北京', encoding: 'gb18030' });
    const text = 'region,year,gdp\n北京,2019,35371\n上海,2019,38155\n内蒙古,2019,17212\n';
    expect(decodeText(gbk(text), 'nbs.csv')).toEqual({ text, encoding: 'gb18030' });
  });

  it('refuses a UTF-8 file with one GBK line, naming the line and column, instead of turning 上海 into 涓婃捣', () => {
    // 上海 in GBK is C9 CF BA A3; in UTF-8 it is E4 B8 8A E6 B5 B7, which GB18030 would read as 涓婃捣
    const file = bytes(utf8('region,year\n北京,2019\n'), gbk('上海,2019\n'), utf8('天津,2019\n'));
    const error = thrown(() => decodeText(file, 'mixed.csv'));
    expect(error).toBeInstanceOf(CoordixError);
    expect(error.message).toBe(
      'mixed.csv: line 3, column 1: bytes 0xC9 0xCF 0xBA 0xA3 are not UTF-8, in a file that is otherwise UTF-8 (1 of 3 non-ASCII lines are not) — a mixed encoding, such as a line pasted from a GBK file; re-save the file as UTF-8, or force one encoding with --encoding gbk (or gb18030, utf8)',
    );
  });

  it('counts the column in characters: the bad byte after "北京,2019," is in column 9', () => {
    const file = bytes(utf8('a\n北京,2019,'), Buffer.from([0xc9, 0xcf]), utf8('\n天津\n'));
    expect(thrown(() => decodeText(file, 'x.csv')).message).toMatch(/^x\.csv: line 2, column 9: bytes 0xC9 0xCF are not UTF-8, in a file that is otherwise UTF-8/);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030 instead of making U+FFFD (exit 1, with the line)', () => {
    const file = bytes(gbk('地区,年份\n北京,2019\n'), Buffer.from([0xff, 0x0a]));
    expect(thrown(() => decodeText(file, 'bad.csv')).message).toBe(
      'bad.csv: line 3, column 1: bytes 0xFF are neither UTF-8 nor GB18030 (GBK) text; re-save the file as UTF-8, or force one encoding with --encoding gbk (or gb18030, utf8)',
    );
  });

  it('--encoding forces one encoding and still names undecodable bytes by line', () => {
    expect(decodeText(gbk('北京\n'), 'a.csv', 'gbk')).toEqual({ text: '北京\n', encoding: 'gbk' });
    // UTF-8 上 (E4 B8 8A) forced as GBK is valid GBK (涓 + a lead byte 8A then LF): a forced encoding is the user's call
    expect(decodeText(utf8('上海'), 'a.csv', 'gb18030').text).toBe('涓婃捣');
    const badGbk = bytes(gbk('北京\n天津,'), Buffer.from([0x81, 0x30, 0x81, 0x30]));
    expect(decodeText(badGbk, 'a.csv', 'gb18030').text).toBe('北京\n天津,\u0080'); // four bytes, valid in GB18030: 81 30 81 30 is U+0080
    expect(thrown(() => decodeText(badGbk, 'a.csv', 'gbk')).message).toBe('a.csv: line 2, column 4: bytes 0x81 are not GBK; the file is not all GBK; re-save it as UTF-8, or try another --encoding');
    expect(thrown(() => decodeText(gbk('地区\n北京\n'), 'a.csv', 'utf8')).message).toBe(
      'a.csv: line 1, column 1: bytes 0xB5 0xD8 0xC7 0xF8 are not UTF-8; the file is not all UTF-8; re-save it as UTF-8, or try --encoding gbk',
    );
    expect(thrown(() => decodeText(bytes(Buffer.from([0xef, 0xbb, 0xbf]), utf8('地区\n')), 'a.csv', 'gbk')).message).toBe(
      'a.csv: starts with a UTF-8 byte-order mark, so it is UTF-8, not GBK; leave out --encoding gbk',
    );
    const error = thrown(() => decodeText(utf8('a'), 'a.csv', 'latin1'));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('--encoding latin1: unknown encoding; choose one of utf8, gbk, gb18030');
  });

  it('reads UTF-16LE and UTF-16BE by their byte-order marks, and refuses a broken one clearly', () => {
    const le = bytes(Buffer.from([0xff, 0xfe]), Buffer.from('地区,x\n', 'utf16le'));
    expect(decodeText(le, 'a.csv')).toEqual({ text: '地区,x\n', encoding: 'utf16le' });
    const be = bytes(Buffer.from([0xfe, 0xff]), Buffer.from('地区,x\n', 'utf16le').swap16());
    expect(decodeText(be, 'a.csv')).toEqual({ text: '地区,x\n', encoding: 'utf16be' });
    expect(thrown(() => decodeText(be.subarray(0, be.length - 1), 'a.csv')).message).toBe(
      'a.csv: starts with a UTF-16BE byte-order mark but is not valid UTF-16BE (an odd number of bytes or a broken surrogate pair); re-save the file as UTF-8',
    );
  });

  it('tells UTF-16 without a byte-order mark from a binary file', () => {
    expect(thrown(() => decodeText(new Uint8Array(Buffer.from('region,year\nBeijing,2019\n', 'utf16le')), 'a.csv')).message).toBe(
      'a.csv: looks like UTF-16 text without a byte-order mark (every other byte is NUL); re-save the file as UTF-8 (in Excel: "CSV UTF-8")',
    );
    expect(thrown(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0x08, 0, 0]), 'a.csv')).message).toMatch(/^a\.csv: looks like a binary file \(it contains NUL bytes\)/);
  });

  it('decodeUtf8Strict names the line and column of the first bad byte', () => {
    expect(decodeUtf8Strict(utf8('a: 1\nb: 北'), 'm.yaml', 'save it as UTF-8')).toBe('a: 1\nb: 北');
    expect(thrown(() => decodeUtf8Strict(bytes(utf8('a: 1\nb: '), gbk('北')), 'm.yaml', 'save it as UTF-8')).message).toBe(
      'm.yaml: line 2, column 4: bytes 0xB1 0xB1 are not UTF-8; save it as UTF-8',
    );
  });
});

describe('the byte-structure validators', () => {
  it('utf8InvalidAt agrees with a strict decoder on arbitrary bytes', () => {
    const strict = (b: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const anyBytes = fc.uint8Array({ maxLength: 40 });
    const nearlyUtf8 = fc.tuple(fc.string({ unit: 'binary' }), fc.nat(60), fc.integer({ min: 0x80, max: 0xff })).map(([s, at, b]) => {
      const u = Buffer.from(s, 'utf8');
      if (u.length > 0) u[at % u.length] = b;
      return new Uint8Array(u);
    });
    fc.assert(fc.property(fc.oneof(anyBytes, nearlyUtf8), (b) => (utf8InvalidAt(b) === -1) === strict(b)));
    expect(utf8InvalidAt(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate, U+D800
    expect(utf8InvalidAt(new Uint8Array([0xc0, 0xaf]))).toBe(0); // an overlong "/"
    expect(utf8InvalidAt(new Uint8Array([0x61, 0xc3, 0xa9, 0xb1, 0x62]))).toBe(3);
  });

  it('bytes that pass gbInvalidAt decode without U+FFFD and encode back to themselves', () => {
    // 0x80 is excluded: code page 936 reads it as €, which encodes back as A2 E3
    const gbBytes = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0x80 ? 0x41 : x)));
    fc.assert(
      fc.property(gbBytes, (b) => {
        if (gbInvalidAt(b, 'gb18030') !== -1) return true;
        const text = iconv.decode(Buffer.from(b), 'gb18030');
        return !text.includes('\ufffd') && Buffer.from(iconv.encode(text, 'gb18030')).equals(Buffer.from(b));
      }),
    );
    // every character of the BMP and a sample beyond, encoded in GB18030, passes
    const chars = fc.string({ unit: fc.oneof(fc.integer({ min: 0x80, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff })).map((c) => String.fromCodePoint(c)) });
    fc.assert(fc.property(chars, (s) => s.includes('\ufffd') || gbInvalidAt(iconv.encode(s, 'gb18030'), 'gb18030') === -1));
    expect(gbInvalidAt(new Uint8Array([0x84, 0x31, 0xa5, 0x30]), 'gb18030')).toBe(0); // past 84 31 A4 39, unassigned
    expect(gbInvalidAt(new Uint8Array([0xe3, 0x32, 0x9a, 0x36]), 'gb18030')).toBe(0); // past U+10FFFF
    expect(gbInvalidAt(new Uint8Array([0x90, 0x30, 0x81, 0x30]), 'gbk')).toBe(0); // four bytes are GB18030 only
  });

  it('decodeText never returns a U+FFFD the bytes did not encode: it decodes exactly or refuses', () => {
    const sample = fc.oneof(
      fc.uint8Array({ maxLength: 60 }).map((b) => b.map((x) => (x === 0 ? 0x20 : x))),
      fc.array(fc.oneof(fc.constantFrom('北京', '上海', '内蒙古', ',', '\n', '2019', 'a'), fc.string()), { maxLength: 12 }).chain((parts) =>
        fc.array(fc.boolean(), { minLength: parts.length, maxLength: parts.length }).map((asGbk) => new Uint8Array(Buffer.concat(parts.map((p, i) => (asGbk[i] ? gbk(p) : utf8(p.replace(/\0/g, ' ')))))).map((x) => (x === 0 ? 0x20 : x))),
      ),
    );
    fc.assert(
      fc.property(sample, (b) => {
        let result: { text: string; encoding: string };
        try {
          result = decodeText(b, 'x.csv');
        } catch (e) {
          return e instanceof CoordixError && /^x\.csv: (line \d+, column \d+|starts with|looks like)/.test((e as Error).message);
        }
        const buffer = Buffer.from(b);
        const encodedReplacement = buffer.includes(Buffer.from([0xef, 0xbf, 0xbd])) || buffer.includes(Buffer.from([0x84, 0x31, 0xa4, 0x37]));
        return encodedReplacement || !result.text.includes('\ufffd');
      }),
    );
  });

  it('round-trips any text written as UTF-8', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0') && !s.startsWith('\ufeff'));
    fc.assert(fc.property(text, (s) => decodeText(utf8(s), 'x.csv').text === s));
  });
});

describe('real files', () => {
  // The collected data folder next to the repository (CI has a copy); skipped where it is absent.
  const root = join(ROOT, '..', 'shared', 'data');
  const present = existsSync(root);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : /\.(csv|txt)$/i.test(f) && statSync(p).size < 50e6 ? [p] : [];
    });

  it.skipIf(!present)('every CSV of the collected theses decodes whole: UTF-8 as is, GBK exports exactly as a GB18030 decoder reads them', () => {
    const files = walk(root);
    expect(files.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const file of files) {
      const b = readFileSync(file);
      const { text, encoding } = decodeText(b, file);
      seen.add(encoding);
      if (encoding === 'gb18030') expect(text).toBe(iconv.decode(b, 'gb18030'));
      else expect(encoding).toBe('utf8');
    }
    expect([...seen].sort()).toEqual(['gb18030', 'utf8']);
  });
});
