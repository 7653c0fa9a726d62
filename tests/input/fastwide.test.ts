import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readWideFast, readWideFastFile } from '../../src/input/fastwide.js';
import { mergeTables, type Panel } from '../../src/input/panel.js';
import { readTable } from '../../src/input/read.js';
import { decodeText } from '../../src/input/decode.js';
import { DEFAULT_LIMITS, parseCsv } from '../../src/input/csv.js';
import { interpretRows } from '../../src/input/dialect.js';
import type { RawTable } from '../../src/input/table.js';
import { tempFiles } from '../helpers.js';

/**
 * The byte reader is THE reader for plain wide UTF-8 CSVs and declines everything else; on every
 * file it either declines (null) or yields exactly the table the text readers (decodeText →
 * parseCsv with csv-parse → interpretRows) make of the same bytes — the same doubles to the bit,
 * texts, rows and lines — or throws the same error.
 */

/** Cells as users write them, including every edge of the plain-decimal rule. */
const CELLS = [
  '12', '-0', '0', '0.1', '-12.5', '1.', '.5', '-', '', ' 3 ', '1e5', '1E-3', 'NA', '—', '１２', '12%', '1,234',
  '007', '0.30000000000000004', '123456789012345', '1234567890123456', '12345678901234567890', '-1234567890123456789',
  '123456789012345678901', '9007199254740993', '0.000000000000000000001', '1.2.3', '--5', '5-', 'abc', '\u2212' + '4',
  '"1,5"', 'a\rb', ' ', '\u3000',
];
const REGIONS = ['A', 'B', '北京市', ' 河北 ', 'county0001', '注：修订数', 'Note: x', ''];
const YEARS = ['2019', '2020', '2019年', ' 2021 ', '0012', '20200', 'x', ''];

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CELLS) },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)) },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e6 }).chain((n) => fc.integer({ min: 0, max: 8 }).map((k) => (n / 10 ** k).toFixed(k))) },
);

const fileArb = fc
  .record({
    sep: fc.constantFrom(',', '\t', ';'),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    yearColumn: fc.boolean(),
    regionFirst: fc.boolean(),
    width: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(
      fc.record({
        region: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('A', 'B', 'C', '北京市', '河北省') }, { weight: 1, arbitrary: fc.constantFrom(...REGIONS) }),
        year: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('2019', '2020') }, { weight: 1, arbitrary: fc.constantFrom(...YEARS) }),
        cells: fc.array(cell, { minLength: 4, maxLength: 4 }),
        extra: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, -1),
        blankBefore: fc.constantFrom(false, false, false, false, true),
      }),
      { minLength: 0, maxLength: 8 },
    ),
  })
  .map((f) => {
    const names = Array.from({ length: f.width }, (_, j) => `x${j}`);
    const lead = f.yearColumn ? ['region', 'year'] : ['region'];
    const header = f.regionFirst ? [...lead, ...names] : [...names, ...lead];
    const eol = f.crlf ? '\r\n' : '\n';
    const lines = [header.join(f.sep)];
    for (const row of f.rows) {
      if (row.blankBefore) lines.push('');
      const values = row.cells.slice(0, Math.max(0, f.width + row.extra));
      const leadCells = f.yearColumn ? [row.region, row.year] : [row.region];
      lines.push((f.regionFirst ? [...leadCells, ...values] : [...values, ...leadCells]).join(f.sep));
    }
    return (f.bom ? '\uFEFF' : '') + lines.join(eol) + (f.finalNewline ? eol : '');
  });

/** Everything a panel says, with −0 kept apart from 0. */
function describePanel(panel: Panel) {
  const bits = (v: number) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v);
  return {
    regions: panel.regions,
    years: panel.years,
    columns: [...panel.columns.values()].map((c) => ({
      name: c.name,
      unit: c.unit,
      values: Array.from(c.values, bits),
      status: Array.from(c.status),
      invalid: [...c.invalidText],
      origins: Array.from(c.values, (_, i) => c.origin(i)),
    })),
    files: panel.files.map((f) => ({ name: f.name, format: f.format, encoding: f.encoding, rows: f.rows, size: f.size })),
  };
}

const DIALECT = { regionColumn: 'region', yearColumn: 'year' };

/** Everything a table says, with −0 kept apart from 0. */
function describeTable(table: RawTable) {
  const bits = (v: number) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v);
  return { ...table, values: table.values.map((column) => Array.from(column, bits)), text: table.text.map((m) => [...m].sort((a, b) => a[0] - b[0])) };
}

/** The text readers on the same bytes: csv-parse, then the layout rules. */
async function textOutcome(bytes: Buffer, name: string) {
  try {
    const { text, encoding } = await decodeText(bytes, name);
    const rows = parseCsv(text, name, DEFAULT_LIMITS);
    if (rows.length === 0) return { error: 'no rows' };
    return { table: describeTable(interpretRows(rows, name, encoding, DIALECT)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The byte reader: a table, a refusal, or an error. */
function byteOutcome(read: () => RawTable | null) {
  try {
    const table = read();
    return table ? { table: describeTable(table) } : 'declined';
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function panelOutcome(path: string) {
  try {
    const { info, table } = await readTable(path);
    return { panel: describePanel(mergeTables([table], [info])) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('the byte reader for plain wide CSVs (fastwide.ts)', () => {
  it('gives exactly what csv-parse and the text readers give, or declines, on generated files cut into pieces anywhere', async () => {
    const dir = tempFiles({});
    let used = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (text) => {
        const path = join(dir, 'f.csv');
        writeFileSync(path, text);
        const bytes = Buffer.from(text);
        const slow = await textOutcome(bytes, path);
        const whole = byteOutcome(() => readWideFast(bytes, path, DIALECT, DEFAULT_LIMITS));
        if (whole !== 'declined') {
          expect(whole).toEqual(slow);
          if ('error' in whole) errors++;
          else used++;
        }
        // Read in pieces of any size, lines cut anywhere: the same table, refusal or error.
        for (const chunkBytes of [1, 7, 64, 1 << 20]) {
          let digest: string | null = null;
          const pieces = byteOutcome(() => {
            const read = readWideFastFile(path, path, DIALECT, DEFAULT_LIMITS, { chunkBytes, hash: true });
            digest = read?.sha256 ?? null;
            return read?.table ?? null;
          });
          expect(pieces).toEqual(whole);
          if (pieces !== 'declined' && 'table' in pieces) expect(digest).toBe(createHash('sha256').update(text).digest('hex'));
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
    // The comparison means something only if the byte reader read a good share of the files,
    // and met many that it had to refuse with an error.
    expect(used).toBeGreaterThan(40);
    expect(errors).toBeGreaterThan(40);
  });

  it('is the reader of every plain wide file, however small, and the panel is the one the text readers give', async () => {
    const text = 'region,year,x\nA,2019,1.5\nB,2019,NA\n';
    const dir = tempFiles({ 'small.csv': text });
    const path = join(dir, 'small.csv');
    const table = readWideFast(Buffer.from(text), path, DIALECT, DEFAULT_LIMITS);
    expect(table?.rows).toEqual([
      { line: 2, region: 'A', year: 2019 },
      { line: 3, region: 'B', year: 2019 },
    ]);
    expect(Array.from(table!.values[0])).toEqual([1.5, NaN]);
    expect([...table!.text[0]]).toEqual([[1, 'NA']]);
    const { table: read } = await readTable(path);
    expect(describeTable(read)).toEqual(describeTable(table!));
    expect(await panelOutcome(path)).toMatchObject({ panel: { regions: ['A', 'B'], years: [2019, 2019] } });
  });

  it('reads a file in pieces exactly as whole, lines cut anywhere, and hashes every byte', () => {
    // ~60 KB: past the first 8 KiB fill, so pieces end mid-line, mid-number and between CR and LF.
    const cells = ['1.5', '-0', '', 'NA', '12%', '9007199254740993', '北京', '0.30000000000000004'];
    const lines = ['\uFEFFregion,year,a,b,c'];
    for (let i = 0; i < 2500; i++) lines.push(`r${i % 97},${2000 + Math.floor(i / 97)},${i * 1.25},${cells[i % cells.length]},${(i * 7919) % 1000}.${i % 10}`);
    const text = lines.join('\r\n');
    const dir = tempFiles({ 'big.csv': text });
    const path = join(dir, 'big.csv');
    const dialect = DIALECT;
    const limits = DEFAULT_LIMITS;
    const whole = readWideFast(Buffer.from(text), path, dialect, limits);
    expect(whole?.rows).toHaveLength(2500);
    for (const chunkBytes of [8195, 8200, 9001, 10007, 65536]) {
      const pieces = readWideFastFile(path, path, dialect, limits, { chunkBytes, hash: true });
      expect(pieces?.table).toEqual(whole);
      expect(pieces?.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    }
    // An estimate that falls short grows the columns: a file whose first lines are long and the rest short.
    const uneven = ['region,x', ...Array.from({ length: 50 }, (_, i) => `long-region-name-${'x'.repeat(150)}-${i},1`), ...Array.from({ length: 5000 }, (_, i) => `r${i},${i}`)].join('\n');
    writeFileSync(join(dir, 'uneven.csv'), uneven);
    const grown = readWideFastFile(join(dir, 'uneven.csv'), 'u', dialect, limits, { chunkBytes: 8195 });
    expect(grown?.table.rows).toHaveLength(5050);
    expect(grown?.table.values[0][5049]).toBe(4999);
  });

  it('parses plain decimals to the same double as Number(), over many digit counts', () => {
    const texts = fc.sample(
      fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 20 })).map(([neg, digits, point]) => {
        const s = digits.toString();
        const at = Math.min(point, s.length - 1);
        return (neg ? '-' : '') + (at > 0 ? `${s.slice(0, s.length - at)}.${s.slice(s.length - at)}` : s);
      }),
      { numRuns: 3000, seed: 7 },
    ).filter((t) => t.length <= 20);
    const csv = `region,${texts.map((_, j) => `c${j}`).join(',')}\nA,${texts.join(',')}\nB,${texts.join(',')}\n`;
    const table = readWideFast(Buffer.from(csv), 'n.csv', { regionColumn: 'region', yearColumn: 'year' }, { maxRows: 10, maxColumns: 10000 })!;
    expect(table).not.toBeNull();
    texts.forEach((t, j) => expect(Object.is(table.values[j][0], Number(t)), `${t}`).toBe(true));
  });

  it('declines only files that are not plain wide UTF-8: quotes, GBK, titles, NBS exports, footnotes, a lone CR', () => {
    const limits = { maxRows: 100, maxColumns: 100 };
    const read = (text: string | Buffer) => readWideFast(Buffer.isBuffer(text) ? text : Buffer.from(text), 't.csv', DIALECT, limits);
    expect(read('region,x\nA,1\nB,2\n')).not.toBeNull();
    expect(read('region,x\n"A",1\nB,2\n')).toBeNull();
    expect(read('region,x\nA,1\nB,"2"\n')).toBeNull(); // a quote found late
    expect(read(Buffer.from([0x72, 0x65, 0x67, 0x69, 0x6f, 0x6e, 0x2c, 0x78, 0x0a, 0xb1, 0xb1, 0x2c, 0x31, 0x0a]))).toBeNull(); // 北 in GBK
    expect(read('指标：GDP\nregion,x\nA,1\n')).toBeNull();
    expect(read('region,x\nA,1\n注：2019年为修订数\n')).toBeNull();
    expect(read('region,x\nA,1\nSource: NBS\n')).toBeNull();
    expect(read('region,x\nA,1\nB\r,2\n')).toBeNull();
    expect(read('地区,2020年,2019年\n北京市,1,2\n')).toBeNull(); // an NBS export
    expect(read('region,year,indicator,value\nA,2019,x,1\n')).toBeNull(); // long
  });

  it('words the errors of a plain wide file as the text readers do', () => {
    const limits = { maxRows: 100, maxColumns: 100 };
    const read = (text: string) => () => readWideFast(Buffer.from(text), 't.csv', DIALECT, limits);
    expect(read('region,x\nA,1\nB,2,3\n')).toThrow('t.csv:3: 3 fields, but the header has 2; every row needs one value per column (ragged row)');
    expect(read('region,year,x\nA,2019,1\n,2019,2\n')).toThrow('t.csv:3: the region cell (column "region") is empty');
    expect(read('region,year,x\nA,2019,1\nB,20x9,2\n')).toThrow('t.csv:3: year "20x9" for B is not an integer year (write 2019 or 2019年)');
    expect(read('region,x\n' + 'A,1\n'.repeat(101))).toThrow('t.csv: more than 100 rows; split the file, or raise the limit with --max-rows N');
    expect(read('region,x,x\nA,1,2\n')).toThrow('t.csv:1: duplicate column name "x" (columns 2 and 3); rename one of them');
    // Blank rows are skipped and extra empty fields allowed, as the text readers do.
    expect(read('region,x\nA,1\n , \nB,2,,\n')()?.rows.map((r) => r.line)).toEqual([2, 4]);
  });
});
