import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoordixError } from '../../src/errors.js';
import {
  DEFAULT_WORKBOOK_LIMITS,
  EmptySheetError,
  isWorkbook,
  readWorkbookRows,
  TooManyCellsError,
  UnknownSheetError,
  WorkbookCorruptError,
  WorkbookMemoryError,
  WorkbookTimeoutError,
} from '../../src/input/workbook.js';
import { checkZipSizes, DEFAULT_ZIP_LIMITS, ZipBombError, zipEntries, ZipFormatError, type ZipEntry } from '../../src/input/zip.js';
import { tempFiles } from '../helpers.js';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx') as typeof import('xlsx');

// ---------------------------------------------------------------------------------------------
// A minimal zip writer (APPNOTE 6.3.10: local header, data, central directory, end record), so
// that the tests can craft workbooks SheetJS would never write: stale dimensions, bombs, comments.

interface Member {
  name: string;
  /** The member's content; or, with `deflated`, only its declared size and CRC are taken from here. */
  data?: Buffer;
  /** Already deflated content (then `size` and `crc` describe the uncompressed data). */
  deflated?: { bytes: Buffer; size: number; crc: number };
  /** A declared uncompressed size other than the real one (a lying zip). */
  declaredSize?: number;
}

function zipArchive(members: Member[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const bytes = member.deflated ? member.deflated.bytes : deflateRawSync(member.data ?? Buffer.alloc(0));
    const size = member.declaredSize ?? (member.deflated ? member.deflated.size : (member.data?.length ?? 0));
    const crc = member.deflated ? member.deflated.crc : crc32(member.data ?? Buffer.alloc(0));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(bytes.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, bytes);
    central.push(header, name);
    offset += 30 + name.length + bytes.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal .xlsx: content types, package and workbook relationships, sheets. */
function xlsxArchive(sheets: { name: string; xml: string | Member }[], extra: Member[] = []): Buffer {
  const types =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    `</Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets>${sheets.map((s, i) => `<sheet name="${xml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const workbookRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${DOC}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`;
  const part = (name: string, text: string): Member => ({ name, data: Buffer.from(text, 'utf8') });
  return zipArchive([
    part('[Content_Types].xml', types),
    part('_rels/.rels', rels),
    part('xl/workbook.xml', workbook),
    part('xl/_rels/workbook.xml.rels', workbookRels),
    ...sheets.map((s, i) => (typeof s.xml === 'string' ? part(`xl/worksheets/sheet${i + 1}.xml`, s.xml) : { ...s.xml, name: `xl/worksheets/sheet${i + 1}.xml` })),
    ...extra,
  ]);
}

const column = (c: number) => String.fromCharCode(65 + c);

/** A sheet's XML: numbers as number cells, text as inline strings, an optional <dimension>. */
function sheetXml(rows: (string | number)[][], dimension?: string): string {
  const cells = rows
    .map((row, r) => `<row r="${r + 1}">${row.map((v, c) => (typeof v === 'number' ? `<c r="${column(c)}${r + 1}"><v>${v}</v></c>` : `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${xml(v)}</t></is></c>`)).join('')}</row>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${cells}</sheetData></worksheet>`;
}

/** A workbook as SheetJS itself writes it (the common case: files saved by a program). */
function sheetJsWorkbook(sheets: Record<string, (string | number | null)[][]>, bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  return new Uint8Array(XLSX.write(book, { type: 'buffer', bookType }));
}

/**
 * A decompression bomb: a sheet of `rowsCount` rows of 1,000 cells `<c><v>1</v></c>` (15,011
 * bytes a row), deflated as it is generated, so that the test never holds it uncompressed.
 */
async function bombSheet(rowsCount: number): Promise<{ bytes: Buffer; size: number; crc: number }> {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`);
  const row = Buffer.from(`<row>${'<c><v>1</v></c>'.repeat(1000)}</row>`);
  const block = Buffer.concat(Array.from({ length: 64 }, () => row));
  const tail = Buffer.from('</sheetData></worksheet>');
  let size = 0;
  let crc = 0;
  function* pieces() {
    const blocks = Array.from({ length: Math.floor(rowsCount / 64) }, () => block);
    for (const piece of [head, ...blocks, ...Array.from({ length: rowsCount % 64 }, () => row), tail]) {
      size += piece.length;
      crc = crc32(piece, crc);
      yield piece;
    }
  }
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces()), createDeflateRaw({ level: 9 }), async (deflated: AsyncIterable<Buffer>) => {
    for await (const chunk of deflated) out.push(chunk);
  });
  return { bytes: Buffer.concat(out), size, crc };
}

/** This process's own memory: its heap and the buffers it holds (not a child's). */
const ownMemory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

// ---------------------------------------------------------------------------------------------

describe('the zip central directory', () => {
  it('lists the members with the sizes the writer declared', () => {
    const a = Buffer.from('hello hello hello hello');
    const b = Buffer.from('北京');
    const entries = zipEntries(zipArchive([{ name: 'a.txt', data: a }, { name: '数据/b.txt', data: b }]));
    // Local headers: 30 + 5 (name) + deflated(a) bytes, then the second member.
    expect(entries).toEqual([
      { name: 'a.txt', method: 8, compressedBytes: deflateRawSync(a).length, uncompressedBytes: 23, localHeaderOffset: 0 },
      { name: '数据/b.txt', method: 8, compressedBytes: deflateRawSync(b).length, uncompressedBytes: 6, localHeaderOffset: 30 + 5 + deflateRawSync(a).length },
    ]);
  });

  it('an empty zip (its end record alone) has no members', () => {
    expect(zipEntries(new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'empty.zip')).toEqual([]);
  });

  it('any set of members is listed back with its names and sizes, also after a zip comment', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), data: fc.uint8Array({ maxLength: 300 }) }), { selector: (m) => m.name, maxLength: 6 }),
        fc.uint8Array({ maxLength: 40 }),
        (members, comment) => {
          const zip = zipArchive(members.map((m) => ({ name: m.name, data: Buffer.from(m.data) })));
          // A comment after the end record: its length goes in the record's last field.
          zip.writeUInt16LE(comment.length, zip.length - 2);
          const entries = zipEntries(Buffer.concat([zip, Buffer.from(comment)]));
          expect(entries.map((e) => [e.name, e.uncompressedBytes, e.compressedBytes])).toEqual(
            members.map((m) => [Buffer.from(m.name, 'utf8').toString('utf8'), m.data.length, deflateRawSync(Buffer.from(m.data)).length]),
          );
        },
      ),
    );
  });

  it('reads 64-bit sizes from the Zip64 extra field', () => {
    // One member whose header says 0xFFFFFFFF for both sizes; the extra field (id 1, 16 bytes)
    // holds uncompressed = 5 GiB = 5,368,709,120 and compressed = 1,000,000, in that order.
    const name = Buffer.from('big.xml');
    const extra = Buffer.alloc(20);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(5368709120n, 4);
    extra.writeBigUInt64LE(1000000n, 12);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(0xffffffff, 20);
    header.writeUInt32LE(0xffffffff, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    const directory = Buffer.concat([header, name, extra]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(0, 16);
    const entries = zipEntries(Buffer.concat([directory, end]));
    expect(entries).toEqual([{ name: 'big.xml', method: 8, compressedBytes: 1000000, uncompressedBytes: 5368709120, localHeaderOffset: 0 }]);
    // 5 GiB is over the 256 MiB total, and 5368.7:1 over the ratio limit: the ratio is found first.
    expect(() => checkZipSizes(entries, 'big.xlsx')).toThrow(ZipBombError);
  });

  it('a zip cut short has no end record and is refused as damaged', () => {
    const zip = zipArchive([{ name: 'a.txt', data: Buffer.from('abc') }]);
    expect(() => zipEntries(zip.subarray(0, zip.length - 5), 'cut.xlsx')).toThrow(ZipFormatError);
    expect(() => zipEntries(zip.subarray(0, zip.length - 5), 'cut.xlsx')).toThrow(/^cut\.xlsx: the workbook is damaged \(no zip end-of-central-directory record\); open it in Excel/);
  });
});

describe('the zip size limits', () => {
  const entry = (uncompressedBytes: number, compressedBytes: number): ZipEntry => ({ name: 'xl/worksheets/sheet1.xml', method: 8, compressedBytes, uncompressedBytes, localHeaderOffset: 0 });
  const MiB = 1024 * 1024;

  it('returns the total declared size of workbooks within the limits', () => {
    expect(checkZipSizes([{ name: 'xl/worksheets/sheet1.xml', method: 8, compressedBytes: 100, uncompressedBytes: 1000, localHeaderOffset: 0 }], 'book.xlsx')).toBe(1000);
    // 2 MiB at exactly 200:1 (2,097,152 ÷ 10,485.76 — compressed 10,486 bytes gives 199.99:1) passes.
    expect(checkZipSizes([entry(2 * MiB, 10486), entry(1000, 100)], 'book.xlsx')).toBe(2 * MiB + 1000);
  });

  it('a member over 1 MiB compressed more than 200:1 is refused, naming the member and the ratio', () => {
    // 2,097,152 ÷ 10,000 = 209.7:1
    const refuse = () => checkZipSizes([entry(2 * MiB, 10000)], 'bomb.xlsx');
    expect(refuse).toThrow(ZipBombError);
    expect(refuse).toThrow(/^bomb\.xlsx: the workbook member xl\/worksheets\/sheet1\.xml would unpack 10000 bytes to 2\.0 MiB \(ratio 210:1, limit 200:1\); it is most likely a decompression bomb/);
  });

  it('a member of at most 1 MiB may be compressed any amount', () => {
    expect(checkZipSizes([entry(MiB, 10)], 'small.xlsx')).toBe(MiB);
  });

  it('members adding up to more than 256 MiB are refused, however well each is compressed', () => {
    const members = [entry(100 * MiB, MiB), entry(100 * MiB, MiB), entry(57 * MiB, MiB)];
    expect(() => checkZipSizes(members, 'big.xlsx')).toThrow(/^big\.xlsx: the workbook would unpack to 257\.0 MiB, more than the limit of 256\.0 MiB/);
    expect(checkZipSizes(members, 'big.xlsx', { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: 300 * MiB })).toBe(257 * MiB);
  });

  it('the defaults are exported as the documented constants', () => {
    expect(DEFAULT_WORKBOOK_LIMITS).toEqual({ maxUncompressedBytes: 268435456, maxCompressionRatio: 200, ratioMinBytes: 1048576, maxCells: 5000000, maxMemoryMb: 512, timeoutMs: 30000 });
  });
});

describe('reading a workbook', () => {
  it('recognises a workbook by its zip or OLE2 signature or by its extension', () => {
    expect(isWorkbook(new Uint8Array([80, 75, 3, 4]), 'data.bin')).toBe(true);
    expect(isWorkbook(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'data.bin')).toBe(true);
    expect(isWorkbook(new Uint8Array(0), 'data.XLSX')).toBe(true);
    expect(isWorkbook(new TextEncoder().encode('region,year'), 'data.csv')).toBe(false);
  });

  it('gives the sheet as text rows with spreadsheet row numbers, blank rows left out, numbers as their shortest text', async () => {
    const bytes = sheetJsWorkbook({
      说明: [['这是说明']],
      数据: [['region', 'year', 'x'], ['北京', 2020, 0.1 + 0.2], [], ['上海', 2021, 1e21], ['广东', '2021', '12.5']],
    });
    expect(await readWorkbookRows(bytes, 'b.xlsx', '数据')).toEqual({
      sheetName: '数据',
      rows: [
        { line: 1, cells: ['region', 'year', 'x'] },
        { line: 2, cells: ['北京', '2020', '0.30000000000000004'] },
        { line: 4, cells: ['上海', '2021', '1e+21'] },
        { line: 5, cells: ['广东', '2021', '12.5'] },
      ],
    });
  });

  it('chooses the sheet by number, by name in any case, and by default the first with content', async () => {
    const bytes = sheetJsWorkbook({ Empty: [], Data: [['a', 1]], More: [['b', 2]] });
    expect((await readWorkbookRows(bytes, 'b.xlsx')).sheetName).toBe('Data');
    expect((await readWorkbookRows(bytes, 'b.xlsx', '3')).rows).toEqual([{ line: 1, cells: ['b', '2'] }]);
    expect((await readWorkbookRows(bytes, 'b.xlsx', ' more ')).sheetName).toBe('More');
  });

  it('an unknown sheet is refused with the list of sheets', async () => {
    const bytes = sheetJsWorkbook({ 说明: [['x']], 数据: [['a', 1]] });
    const error = await readWorkbookRows(bytes, 'b.xlsx', 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSheetError);
    expect((error as UnknownSheetError).sheetNames).toEqual(['说明', '数据']);
    expect((error as Error).message).toBe('b.xlsx: no sheet "nope"; the sheets are 1 "说明", 2 "数据" — give one of them by name or number with --sheet');
    await expect(readWorkbookRows(bytes, 'b.xlsx', '3')).rejects.toThrow(UnknownSheetError);
  });

  it('an empty sheet asked for by name is refused as empty', async () => {
    const bytes = sheetJsWorkbook({ Empty: [], Data: [['a', 1]] });
    await expect(readWorkbookRows(bytes, 'b.xlsx', 'Empty')).rejects.toThrow(EmptySheetError);
    await expect(readWorkbookRows(bytes, 'b.xlsx', 'Empty')).rejects.toThrow(/^b\.xlsx: sheet "Empty" is empty; choose the sheet with the data with --sheet/);
  });

  it('reads an .xls (BIFF8) workbook the same way', async () => {
    const bytes = sheetJsWorkbook({ 数据: [['region', 'year', 'x'], ['北京', 2020, 1.5]] }, 'biff8');
    expect(await readWorkbookRows(bytes, 'b.xls')).toEqual({ sheetName: '数据', rows: [{ line: 1, cells: ['region', 'year', 'x'] }, { line: 2, cells: ['北京', '2020', '1.5'] }] });
  });

  it('reads the rows below a stale <dimension> that SheetJS alone would drop', async () => {
    const rows = [['region', 'year', 'x'], ['a', 2020, 1], ['b', 2020, 2], ['c', 2020, 3], ['d', 2021, 4, 'extra']];
    const bytes = xlsxArchive([{ name: 'S', xml: sheetXml(rows, 'A1:C3') }]);
    // What SheetJS makes of it by itself: the three rows of the declared dimension.
    const direct = XLSX.utils.sheet_to_json(XLSX.read(bytes, { type: 'buffer' }).Sheets.S, { header: 1 });
    expect(direct).toHaveLength(3);
    const read = await readWorkbookRows(bytes, 'stale.xlsx');
    expect(read.rows).toEqual([
      { line: 1, cells: ['region', 'year', 'x', ''] },
      { line: 2, cells: ['a', '2020', '1', ''] },
      { line: 3, cells: ['b', '2020', '2', ''] },
      { line: 4, cells: ['c', '2020', '3', ''] },
      { line: 5, cells: ['d', '2021', '4', 'extra'] },
    ]);
  });

  it('a dimension larger than the cells keeps its leading blank column, as before', async () => {
    // Declared B1:D9 but cells only in C2:D3: rows 2–3 from column B, so each row starts with "".
    const xmlText = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><dimension ref="B1:D9"/><sheetData><row r="2"><c r="C2"><v>1</v></c><c r="D2"><v>2</v></c></row><row r="3"><c r="C3"><v>3</v></c></row></sheetData></worksheet>`;
    const read = await readWorkbookRows(xlsxArchive([{ name: 'S', xml: xmlText }]), 'b.xlsx');
    expect(read.rows).toEqual([
      { line: 2, cells: ['', '1', '2'] },
      { line: 3, cells: ['', '3', ''] },
    ]);
  });

  it('a sheet whose range has more cells than the limit is refused with its range', async () => {
    const bytes = sheetJsWorkbook({ S: [['a', 'b', 'c'], [1, 2, 3], [4, 5, 6]] });
    const error = await readWorkbookRows(bytes, 'b.xlsx', undefined, { maxCells: 8 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyCellsError);
    expect((error as Error).message).toMatch(/^b\.xlsx: sheet "S" spans A1:C3, 9 cells, more than the limit of 8; delete the unused rows and columns/);
    expect((await readWorkbookRows(bytes, 'b.xlsx', undefined, { maxCells: 9 })).rows).toHaveLength(3);
  });

  it('a zip that is no workbook is refused as unreadable', async () => {
    const bytes = zipArchive([{ name: 'notes.txt', data: Buffer.from('hello') }]);
    const error = await readWorkbookRows(bytes, 'notes.xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookCorruptError);
    expect((error as Error).message).toMatch(/^notes\.xlsx: cannot read the workbook \(.+\); open it in Excel or LibreOffice and save it again/);
  });

  it('a reader that runs past its time limit is stopped, and says so', async () => {
    // 1 ms: less than it takes to start a process, so the limit is always reached.
    const bytes = sheetJsWorkbook({ S: [['a', 1]] });
    const error = await readWorkbookRows(bytes, 'slow.xlsx', undefined, { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookTimeoutError);
    expect((error as Error).message).toMatch(/^slow\.xlsx: reading the workbook took more than 0\.001 s and was stopped/);
  });
});

describe('crafted workbooks', () => {
  it('sheet names and cell texts such as __proto__ and constructor are read as text and pollute nothing', async () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const ownBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const bytes = xlsxArchive(names.map((name, i) => ({ name, xml: sheetXml([['__proto__', 'constructor', 'prototype'], ['polluted', i]]) })));
    for (const [i, name] of names.entries()) {
      const read = await readWorkbookRows(bytes, 'proto.xlsx', name);
      expect(read).toEqual({ sheetName: name, rows: [{ line: 1, cells: ['__proto__', 'constructor', 'prototype'] }, { line: 2, cells: ['polluted', String(i), ''] }] });
    }
    expect((await readWorkbookRows(bytes, 'proto.xlsx')).sheetName).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(ownBefore);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('a comment anchored at "__proto__" (CVE-2023-30533) pollutes SheetJS in its own process but not this one', async () => {
    const comments = `<?xml version="1.0" encoding="UTF-8"?><comments xmlns="${MAIN}"><authors><author>x</author></authors><commentList><comment ref="__proto__" authorId="0"><text><t>pwned</t></text></comment></commentList></comments>`;
    const sheetRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/comments" Target="../comments1.xml"/></Relationships>`;
    const bytes = xlsxArchive(
      [{ name: 'S', xml: sheetXml([['region', 'year'], ['a', 2020]]) }],
      [
        { name: 'xl/worksheets/_rels/sheet1.xml.rels', data: Buffer.from(sheetRels) },
        { name: 'xl/comments1.xml', data: Buffer.from(comments) },
      ],
    );
    // The file is a real attack: read by SheetJS in a plain process, Object.prototype gains `c`.
    const dir = tempFiles({ 'attack.xlsx': bytes });
    const probe = `const XLSX = require(${JSON.stringify(require.resolve('xlsx'))}); XLSX.read(require('fs').readFileSync(${JSON.stringify(join(dir, 'attack.xlsx'))}), { type: 'buffer' }); process.stdout.write(JSON.stringify(Object.keys(Object.prototype)));`;
    const attacked = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(JSON.parse(attacked.stdout)).toEqual(['c']);
    // Read through coordix: the rows arrive, and this process's Object.prototype is untouched.
    const read = await readWorkbookRows(bytes, 'attack.xlsx');
    expect(read.rows).toEqual([{ line: 1, cells: ['region', 'year'] }, { line: 2, cells: ['a', '2020'] }]);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).c).toBeUndefined();
  });

  it('a zip bomb (a 200 MB sheet in well under 1 MB) is refused before it is unpacked, this process not growing', async () => {
    // 14,000 rows × 15,011 bytes + head and tail = 210,154,150 bytes of sheet XML.
    const bomb = await bombSheet(14000);
    expect(bomb.size).toBe(210154150);
    expect(bomb.bytes.length).toBeLessThan(1024 * 1024);
    const bytes = xlsxArchive([{ name: 'S', xml: { name: '', deflated: bomb } }]);
    const before = ownMemory();
    const error = await readWorkbookRows(bytes, 'bomb.xlsx').catch((e: unknown) => e);
    const grown = ownMemory() - before;
    expect(error).toBeInstanceOf(ZipBombError);
    expect(error).toBeInstanceOf(CoordixError);
    expect((error as ZipBombError).reason).toBe('ratio');
    expect((error as Error).message).toMatch(/^bomb\.xlsx: the workbook member xl\/worksheets\/sheet1\.xml would unpack \d+ bytes to 200\.4 MiB \(ratio \d+:1, limit 200:1\); it is most likely a decompression bomb/);
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });

  it('a bomb let past the zip limits is stopped by the reader’s memory limit, in its own process', async () => {
    // 1,400 rows: a 21 MB sheet of 1.4 million cells, more than a 32 MB heap holds in SheetJS.
    const bomb = await bombSheet(1400);
    const bytes = xlsxArchive([{ name: 'S', xml: { name: '', deflated: bomb } }]);
    // One ordinary read first, so that what the first read sets up once is not counted.
    await readWorkbookRows(sheetJsWorkbook({ S: [['a', 1]] }), 'warm.xlsx');
    const before = ownMemory();
    const error = await readWorkbookRows(bytes, 'bomb.xlsx', undefined, { maxCompressionRatio: Infinity, maxMemoryMb: 32 }).catch((e: unknown) => e);
    const grown = ownMemory() - before;
    expect(error).toBeInstanceOf(WorkbookMemoryError);
    expect((error as Error).message).toMatch(/^bomb\.xlsx: reading the workbook needed more than 32 MB of memory and was stopped/);
    // The 21 MB sheet and SheetJS's cells for it lived in the child; here, no more than noise.
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  it('a member that declares less than it holds is not unpacked past its declared size', async () => {
    // The 21 MB sheet declared as 1,000 bytes: within every zip limit, and SheetJS inflates only
    // what is declared, so the truncated sheet has no complete cell.
    const bomb = await bombSheet(1400);
    const bytes = xlsxArchive([{ name: 'S', xml: { name: '', deflated: bomb, declaredSize: 1000 } }]);
    await expect(readWorkbookRows(bytes, 'liar.xlsx')).rejects.toThrow(EmptySheetError);
  });
});
