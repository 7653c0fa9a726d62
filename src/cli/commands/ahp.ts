import { Command } from 'commander';
import { Option } from 'commander';
import { positiveInteger, withFormatOptions, type RunContext } from '../options.js';
import { readBoundedSync } from '../manifest.js';
import { CoordixError } from '../../errors.js';
import { analyseMatrix, type AhpMethod, type AhpResult, type RandomIndexTable } from '../../core/weights/ahp.js';
import { offScaleJudgements, pairwiseMatrix } from '../../model/ahp-matrix.js';
import { parseCsv } from '../../input/csv.js';
import { fileErrorMessage } from '../../model/load.js';
import { displayNumber } from '../../output/format.js';
import { renderTable } from '../../output/table.js';
import { colorFor, emit, printWarnings, type OutputOptions } from '../common.js';

export interface AhpOptions extends OutputOptions {
  method: AhpMethod;
  ri: RandomIndexTable;
}

/**
 * Reads a matrix given inline (a JSON array) or as a file: YAML/JSON (a list of rows or an upper
 * triangle, or a mapping with `matrix` and optional `labels`), or CSV (rows of numbers and
 * fractions, optionally with a header row and a first column of labels).
 */
export async function readMatrixArgument(arg: string): Promise<{ spec: unknown; labels: string[] | null; name: string }> {
  const trimmed = arg.trim();
  if (trimmed.startsWith('[')) {
    try {
      return { spec: JSON.parse(trimmed), labels: null, name: 'matrix' };
    } catch (e) {
      throw new CoordixError(`the inline matrix is not a valid JSON array: ${(e as Error).message}; write e.g. '[[1, 3], ["1/3", 1]]'`);
    }
  }
  let text: string;
  try {
    // Read in bounded pieces (16 MiB): /dev/zero or a huge file ends with a clear error.
    text = readBoundedSync(arg, 'matrix file').toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof CoordixError) throw e;
    throw new CoordixError(fileErrorMessage(arg, e as NodeJS.ErrnoException, 'matrix file'));
  }
  if (/\.csv$/i.test(arg)) {
    const rows = parseCsv(text, arg).map((r) => r.cells.map((c) => c.trim()));
    // Optional header row of labels, optional first column of labels.
    const numeric = (c: string) => /^[0-9.]+(\s*\/\s*[0-9.]+)?$/.test(c);
    const hasHeader = rows.length > 0 && rows[0].some((c) => !numeric(c));
    const body = hasHeader ? rows.slice(1) : rows;
    const n = body.length;
    const rowLabels = n > 0 && body.every((r) => r.length === n + 1 && !numeric(r[0])) ? body.map((r) => r[0]) : null;
    const cells = rowLabels ? body.map((r) => r.slice(1)) : body;
    const labels = hasHeader ? rows[0].slice(rows[0].length - n) : rowLabels;
    return { spec: cells, labels, name: arg };
  }
  let doc: unknown;
  try {
    // yaml is loaded only for a matrix file in YAML or JSON.
    const { parse } = await import('yaml');
    doc = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new CoordixError(`${arg}: not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'matrix' in doc) {
    const d = doc as { matrix: unknown; labels?: unknown };
    return { spec: d.matrix, labels: Array.isArray(d.labels) ? d.labels.map(String) : null, name: arg };
  }
  return { spec: doc, labels: null, name: arg };
}

export function ahpJson(result: AhpResult, labels: string[] | null) {
  return {
    weights: result.weights,
    lambdaMax: result.lambdaMax,
    ci: result.ci,
    ri: result.ri,
    cr: result.cr,
    consistent: result.consistent,
    method: result.method,
    riTable: result.riTable,
    labels,
    mostInconsistent: result.worst
      ? { row: result.worst.row, column: result.worst.col, given: result.worst.given, consistentValue: result.worst.consistentValue }
      : null,
  };
}

/** `coordix ahp MATRIX`: weights, λmax, CI, RI, CR and a verdict. Exit 1 when CR ≥ 0.10. */
export async function ahpCommand(matrixArg: string, opts: AhpOptions): Promise<boolean> {
  const { spec, labels, name } = await readMatrixArgument(matrixArg);
  const matrix = pairwiseMatrix(spec, name);
  if (labels && labels.length !== matrix.length) throw new CoordixError(`${name}: ${labels.length} labels for a ${matrix.length} × ${matrix.length} matrix`);
  const result = analyseMatrix(matrix, opts.method, opts.ri);
  printWarnings(offScaleWarnings(matrix, name));
  const format = opts.format ?? (opts.output?.toLowerCase().endsWith('.json') ? 'json' : 'table');
  if (format === 'json') {
    emit(JSON.stringify(ahpJson(result, labels), null, 2) + '\n', opts, [matrixArg]);
  } else {
    const label = (i: number) => labels?.[i] ?? `item ${i + 1}`;
    const p = opts.precision ?? 6;
    let text = renderTable(
      [{ header: opts.lang === 'zh' ? '要素' : 'item' }, { header: opts.lang === 'zh' ? '权重' : 'weight', align: 'right' }],
      result.weights.map((w, i) => [label(i), displayNumber(w, p)]),
      { color: colorFor(opts) },
    );
    text += `\nmethod ${result.method}, random index table ${result.riTable}, n = ${matrix.length}\n`;
    text += `λmax = ${displayNumber(result.lambdaMax, p)}   CI = ${displayNumber(result.ci, p)}   RI = ${result.ri}   CR = ${displayNumber(result.cr, p)}\n`;
    text += result.consistent
      ? `consistent: CR < 0.10${matrix.length <= 2 ? ' (a matrix of 2 or fewer items is always consistent)' : ''}\n`
      : `NOT consistent: CR ≥ 0.10\n`;
    if (result.worst && !result.consistent) {
      text += `most inconsistent judgement: (${result.worst.row},${result.worst.col}) ${label(result.worst.row - 1)} vs ${label(result.worst.col - 1)} = ${displayNumber(result.worst.given, 4)}; the weights imply ${displayNumber(result.worst.consistentValue, 4)} — revise this judgement first\n`;
    }
    emit(text, opts, [matrixArg]);
  }
  return result.consistent;
}


/** The definition of `coordix ahp`; a matrix that is not consistent makes the run fail (exit 1). */
export function define(ctx: RunContext) {
  return withFormatOptions(
    new Command('ahp')
      .description('check one AHP pairwise matrix: weights, λmax, CI, RI, CR, verdict, and the most inconsistent judgement')
      .argument('<matrix>', "a file (YAML/JSON/CSV) or an inline JSON array, e.g. '[[1, 3], [\"1/3\", 1]]' or an upper triangle '[3, 5, 2]'")
      .addOption(new Option('--method <method>', 'priority vector: principal eigenvector, row geometric means (方根法), or column-normalised row means (和积法)').choices(['eigen', 'geometric', 'arithmetic'] as const).default('eigen'))
      .addOption(new Option('--ri <table>', "random-index table: Saaty's, the one in Chinese textbooks, or Donegan and Dodd's (1991; AHPy's default)").choices(['saaty', 'cn', 'donegan-dodd'] as const).default('saaty')),
    ['table', 'json'],
  )
    .option('--precision <n>', 'decimals in the table (default 6)', positiveInteger('--precision', 17))
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'zh'] as const).default('en'))
    .addHelpText(
      'after',
      `
  λmax = mean((A·w)_i / w_i), CI = (λmax − n)/(n − 1), CR = CI/RI(n); consistent when CR < 0.10 (n ≤ 2: always).
  Exit code 0 when consistent, 1 when not (so it can gate a survey in CI).
  A judgement off Saaty's 1–9 scale (above 9 or below 1/9) is used as given, with a warning.
  RI tables (n = 1..15): saaty, cn, donegan-dodd (Donegan & Dodd 1991, Math. Comput. Modelling 15(10): 135).
  JSON keys: weights, lambdaMax, ci, ri, cr, consistent, method, riTable, labels, mostInconsistent.
  Formulas: docs/methods.md, section 4.`,
    )
    .action(async (matrix: string, opts: AhpOptions) => {
      if (!(await ahpCommand(matrix, opts))) ctx.fail();
    });
}

/** A warning for each judgement off Saaty's 1–9 scale (docs/methods.md §3), naming the matrix and the cell. */
export function offScaleWarnings(matrix: number[][], name: string): { code: string; message: string }[] {
  return offScaleJudgements(matrix).map((j) => ({
    code: 'ahp-off-scale',
    message: `${name}: judgement (${j.row},${j.col}) = ${j.value} is off Saaty's 1–9 scale (1/9 … 9); it is used as given — check it was meant`,
  }));
}
