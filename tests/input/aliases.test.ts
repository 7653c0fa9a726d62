import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AliasError, aliasLookup, applyAlias, parseAliasesCsv } from '../../src/input/aliases.js';
import { readPanel } from '../../src/input/read.js';
import { tempFiles } from '../helpers.js';

describe('the aliases CSV (--aliases FILE)', () => {
  it('reads name,region lines, with or without a header, BOM and blank lines', () => {
    expect(parseAliasesCsv('name,region\nMongolia,内蒙古\nChongqin,重庆\n', 'a.csv')).toEqual({ Mongolia: '内蒙古', Chongqin: '重庆' });
    expect(parseAliasesCsv('\uFEFFNeimeng,Inner Mongolia\r\n\r\n"Shanghai, city",310000\r\n', 'a.csv')).toEqual({ Neimeng: 'Inner Mongolia', 'Shanghai, city': '310000' });
    expect(parseAliasesCsv('别名,地区\n京,北京市\n', 'a.csv')).toEqual({ 京: '北京市' });
    // the same alias twice for one province (in two spellings) is kept once
    expect(parseAliasesCsv('Mongolia,内蒙古\nMONGOLIA,150000\n', 'a.csv')).toEqual({ Mongolia: '内蒙古' });
  });

  it.each([
    ['Mongolia\n', 'a.csv:1: alias "Mongolia": each line needs two cells, a name and the province it stands for (e.g. Mongolia,内蒙古); this line has 1'],
    ['Mongolia,内蒙古,x\n', 'a.csv:1: alias "Mongolia": each line needs two cells'],
    ['Mongolia,Mongolia Republic\n', 'a.csv:1: alias "Mongolia": "Mongolia Republic" is not a province coordix knows; write the province in Chinese (内蒙古), in English (Inner Mongolia) or as its code (150000)'],
    ['Mongolia,内蒙古\nmongolia,重庆\n', 'a.csv:2: alias "mongolia": mapped to 重庆 here and to 内蒙古 on line 1; keep one'],
  ])('refuses %j naming the line', (text, message) => {
    expect(() => parseAliasesCsv(text, 'a.csv')).toThrow(AliasError);
    expect(() => parseAliasesCsv(text, 'a.csv')).toThrow(message);
  });

  it('looks names up in any case and leaves other names as they are', () => {
    const lookup = aliasLookup({ Neimeng: '内蒙古', ' Shanghai City ': '上海' }, 'model');
    expect(applyAlias(lookup, 'NEIMENG')).toBe('内蒙古');
    expect(applyAlias(lookup, 'shanghai city')).toBe('上海');
    expect(applyAlias(lookup, '北京')).toBe('北京');
    expect(() => aliasLookup({ x: 'Atlantis' }, 'model')).toThrow('model: alias "x": "Atlantis" is not a province coordix knows');
  });
});

describe('aliases in the reader', () => {
  it('joins a file naming a province by an alias with one naming it officially', async () => {
    const dir = tempFiles({ 'a.csv': 'region,year,x\nNeimeng,2020,1\n北京,2020,2\n', 'b.csv': 'region,year,y\n内蒙古自治区,2020,3\nBeijing,2020,4\n' });
    const files = [join(dir, 'a.csv'), join(dir, 'b.csv')];
    // Without the alias, Neimeng is a fourth region of its own.
    expect((await readPanel(files)).regions).toEqual(['Neimeng', '北京', '内蒙古自治区']);
    const panel = await readPanel(files, { aliases: parseAliasesCsv('Neimeng,内蒙古\n', 'aliases.csv') });
    expect(panel.regions).toEqual(['内蒙古', '北京']);
    expect(Array.from(panel.columns.get('x')!.values)).toEqual([1, 2]);
    expect(Array.from(panel.columns.get('y')!.values)).toEqual([3, 4]);
  });

  it('turns two names that become one province in one file into the duplicate they are', async () => {
    const dir = tempFiles({ 'a.csv': 'region,year,x\nNeimeng,2020,1\n内蒙古,2020,2\n' });
    await expect(readPanel([join(dir, 'a.csv')], { aliases: { Neimeng: '内蒙古' } })).rejects.toThrow(/a\.csv:3: 内蒙古 2020 is given twice for column "x" \(also at .*a\.csv:2\)/);
  });
});
