import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readWideFast, readWideFastFile } from '../../src/input/fastwide.js';
import { mergeTables, type Panel } from '../../src/input/panel.js';
import { readTable, type ReadOptions } from '../../src/input/read.js';
import { tempFiles } from '../helpers.js';

/**
 * The byte-level wide reader is an optimisation: on every file it either declines (null) or
 * yields exactly the panel the text path (decode → parseCsv → interpretRows) makes — the same
 * doubles to the bit, statuses, invalid texts, origins — or the same error.
 */

/** Cells as users write them, including every edge of the plain-decimal rule. */
const CELLS = [
  '12', '-0', '0', '0.1', '-12.5', '1.', '.5', '-', '', ' 3 ', '1e5', '1E-3', 'NA', '—', '１２', '12%', '1,234',
  '007', '0.30000000000000004', '123456789012345', '1234567890123456', '12345678901234567890', '-1234567890123456789',
  '123456789012345678901', '9007199254740993', '0.000000000000000000001', '1.2.3', '--5', '5-', 'abc', '\u2212' + '4',
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

async function outcome(path: string, options: ReadOptions) {
  try {
    const { info, table } = await readTable(path, options);
    return { panel: describePanel(mergeTables([table], [info])) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('the byte-level wide reader (fastwide.ts)', () => {
  it('gives exactly what the text path gives, or declines, on generated files', async () => {
    const dir = tempFiles({});
    let used = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (text) => {
        const path = join(dir, 'f.csv');
        writeFileSync(path, text);
        const fast = await outcome(path, { fastReader: 'always' });
        const slow = await outcome(path, { fastReader: false });
        expect(fast).toEqual(slow);
        const whole = readWideFast(Buffer.from(text), path, { regionColumn: 'region', yearColumn: 'year' }, { maxRows: 1e6, maxColumns: 1e4 });
        if (whole) used++;
        // Read in pieces of any size, lines cut anywhere: the same table, or the same refusal.
        for (const chunkBytes of [1, 7, 64, 1 << 20]) {
          const pieces = readWideFastFile(path, path, { regionColumn: 'region', yearColumn: 'year' }, { maxRows: 1e6, maxColumns: 1e4 }, { chunkBytes, hash: true });
          expect(pieces?.table ?? null).toEqual(whole);
          if (pieces) expect(pieces.sha256).toBe(createHash('sha256').update(text).digest('hex'));
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
    // The comparison means something only if the fast reader took a good share of the files.
    expect(used).toBeGreaterThan(40);
  });

  it('reads a file in pieces exactly as whole, lines cut anywhere, and hashes every byte', () => {
    // ~60 KB: past the first 8 KiB fill, so pieces end mid-line, mid-number and between CR and LF.
    const cells = ['1.5', '-0', '', 'NA', '12%', '9007199254740993', '北京', '0.30000000000000004'];
    const lines = ['\uFEFFregion,year,a,b,c'];
    for (let i = 0; i < 2500; i++) lines.push(`r${i % 97},${2000 + Math.floor(i / 97)},${i * 1.25},${cells[i % cells.length]},${(i * 7919) % 1000}.${i % 10}`);
    const text = lines.join('\r\n');
    const dir = tempFiles({ 'big.csv': text });
    const path = join(dir, 'big.csv');
    const dialect = { regionColumn: 'region', yearColumn: 'year' };
    const limits = { maxRows: 1e6, maxColumns: 1e4 };
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
    expect(grown?.table.numeric?.columns[0][5049]).toBe(4999);
  });

  it('is used from 64 KiB on by default (smaller files take the text path), with the same panel', async () => {
    const file = (rows: number) => ['region,year,x,y', ...Array.from({ length: rows }, (_, i) => `r${i % 50},${2000 + Math.floor(i / 50)},${i}.25,${(i * 31) % 97}`)].join('\n') + '\n';
    const small = file(2000);
    const large = file(4000);
    expect(Buffer.byteLength(small)).toBeLessThan(64 * 1024);
    expect(Buffer.byteLength(large)).toBeGreaterThanOrEqual(64 * 1024);
    const dir = tempFiles({ 'small.csv': small, 'large.csv': large });
    for (const [name, byteReader] of [['small.csv', false], ['large.csv', true]] as const) {
      const path = join(dir, name);
      const { table } = await readTable(path);
      // Only the byte reader hands over its numbers as columns.
      expect(table.numeric !== undefined, name).toBe(byteReader);
      expect(await outcome(path, {})).toEqual(await outcome(path, { fastReader: false }));
    }
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
    texts.forEach((t, j) => expect(Object.is(table.numeric!.columns[j][0], Number(t)), `${t}`).toBe(true));
  });

  it('declines files it does not handle: quotes, GBK, titles, footnotes, ragged rows', () => {
    const opts = { regionColumn: 'region', yearColumn: 'year' };
    const limits = { maxRows: 100, maxColumns: 100 };
    const read = (text: string | Buffer) => readWideFast(Buffer.isBuffer(text) ? text : Buffer.from(text), 't.csv', opts, limits);
    expect(read('region,x\nA,1\nB,2\n')).not.toBeNull();
    expect(read('region,x\n"A",1\nB,2\n')).toBeNull();
    expect(read(Buffer.from([0x72, 0x65, 0x67, 0x69, 0x6f, 0x6e, 0x2c, 0x78, 0x0a, 0xb1, 0xb1, 0x2c, 0x31, 0x0a]))).toBeNull(); // 北 in GBK
    expect(read('指标：GDP\nregion,x\nA,1\n')).toBeNull();
    expect(read('region,x\nA,1\n注：2019年为修订数\n')).toBeNull();
    expect(read('region,x\nA,1\nB,2,3\n')).toBeNull();
    expect(read('地区,2020年,2019年\n北京市,1,2\n')).toBeNull(); // an NBS export
    expect(read('region,x\n' + 'A,1\n'.repeat(101))).toBeNull(); // over --max-rows: the text path words the error
  });
});
