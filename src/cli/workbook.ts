import { UsageError } from '../errors.js';
import { writeWorkbook, type WorkbookSheet } from '../output/xlsx.js';
import { isTerminal } from './stdio.js';

/**
 * `-f xlsx` (or `-o FILE.xlsx`): the workbook's bytes (output/xlsx.ts writeWorkbook, text cells
 * guarded against formula injection), written like any output by emit — safely, never onto an
 * input. A workbook is binary, so it is refused on a terminal's stdout.
 * @throws UsageError for -f xlsx without -o while stdout is a terminal.
 */
export function workbookOutput(sheets: WorkbookSheet[], opts: { output?: string }): Buffer {
  if ((!opts.output || opts.output === '-') && isTerminal(1)) throw new UsageError('-f xlsx writes a binary workbook: give -o FILE.xlsx (or redirect stdout to a file)');
  return writeWorkbook(sheets);
}
