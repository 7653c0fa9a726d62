import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, runCli, runInProcess, tempFiles } from './helpers.js';
import { capturingConsole, checkOutputs, checkRunPaths, stageOutput, withRunOutputs } from '../src/cli/common.js';
import { describeError } from '../src/cli/errors.js';
import { FROZEN_WEIGHT_TOLERANCE, frozenState, readBoundedSync, readManifest } from '../src/cli/manifest.js';
import { parseRecordedArguments } from '../src/cli/commands/verify.js';
import { tolerance } from '../src/cli/options.js';
import { assertFiniteResult, NonFiniteResultError } from '../src/cli/prepare.js';
import { stdio } from '../src/cli/stdio.js';
import { evaluate } from '../src/core/pipeline.js';
import { DisparityRangeError } from '../src/core/disparity.js';
import { ConcentrationError } from '../src/core/random.js';
import { CoordixError, UsageError } from '../src/errors.js';
import { validateModel } from '../src/model/validate.js';

interface Case {
  name: string;
  args: string[];
  code: number;
  message: string;
  stdin?: string;
}

const CORPUS = join(ROOT, 'tests', 'corpus');
const cases: { errors: Case[]; warnings: Case[] } = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8'));

/**
 * One corpus case: in this process (the same program as the binary, far faster), or through the
 * built binary when it reads stdin, killed after 15 s — a case feeds endless inputs (/dev/zero).
 */
async function runCase(args: string[], options: { cwd: string; input?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (options.input === undefined) return runCli(args, { cwd: options.cwd });
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15_000,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A private copy of the corpus, so that no run can touch the committed files. */
function corpusCopy(): string {
  const dir = tempFiles();
  cpSync(CORPUS, dir, { recursive: true });
  return dir;
}

describe('every bad input gets a clear answer (tests/corpus/cases.json)', () => {
  const dir = corpusCopy();

  it.each(cases.errors.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await runCase(c.args, { cwd: dir, input: c.stdin });
    expect(r.code).toBe(c.code);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(c.message));
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(r.stderr).not.toMatch(/internal error/);
    // and no output file is created or changed
    if (c.code === 1) {
      writeFileSync(join(dir, 'existing-output.csv'), 'keep me\n');
      const withOutput = await runCase([...c.args, '-o', 'existing-output.csv', '--imputed', 'new-imputed.csv'], { cwd: dir, input: c.stdin });
      expect(withOutput.code).not.toBe(0);
      expect(readFileSync(join(dir, 'existing-output.csv'), 'utf8')).toBe('keep me\n');
      expect(existsSync(join(dir, 'new-imputed.csv'))).toBe(false);
    }
  });

  it.each(cases.warnings.map((c) => [c.name, c] as const))('warns about %s, on stderr and in JSON', async (_, c) => {
    const r = await runCli(c.args, { cwd: dir });
    expect(r.code).toBe(0);
    const warning = r.stderr.split('\n').find((l) => new RegExp(c.message).test(l));
    expect(warning, r.stderr).toBeDefined();
    const json = JSON.parse(r.stdout);
    expect(json.warnings.map((w: { message: string }) => `warning: ${w.message}`)).toContain(warning);
    expect(r.stdout).not.toMatch(/NaN|null,\s*"T"/);
  });

  it('treats regions named __proto__, constructor and toString as ordinary names, without a warning', async () => {
    const r = await runCli(['score', 'proto-regions.csv', '-m', 'model.yaml', '-f', 'csv'], { cwd: dir });
    expect(r.code).toBe(0);
    // The only warnings: the region-years whose U = 0 makes C = 0 (the model has no range).
    expect(r.stderr.split('\n').filter((l) => l && !/scores U = 0 for .*set normalization\.range/.test(l))).toEqual([]);
    expect(r.stdout.split('\n').slice(1, 4).map((l) => l.split(',')[0])).toEqual(['__proto__', 'constructor', 'toString']);
    const gap = await runCli(['gap', 'proto-regions.csv', '--var', 'x', '--group', 'zone', '-f', 'json'], { cwd: dir });
    expect(gap.code).toBe(0);
    expect(JSON.parse(gap.stdout).years[0].groups.map((g: { name: string }) => g.name)).toEqual(['__proto__', 'constructor', 'toString']);
  });
});

describe('limits give clear errors rather than a crash or a hang', () => {
  it('refuses more rows than --max-rows', async () => {
    const dir = corpusCopy();
    const r = await runCli(['score', 'good.csv', '-m', 'model.yaml', '--max-rows', '2'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/good\.csv: more than 2 rows; split the file, or raise the limit with --max-rows N/);
  });

  it('refuses more than 10,000 columns', async () => {
    const header = ['region', 'year', ...Array.from({ length: 10001 }, (_, i) => `c${i}`)].join(',');
    const dir = tempFiles({ 'wide.csv': `${header}\nA,2020,${Array(10001).fill(1).join(',')}\n` });
    const r = await runCli(['score', join(dir, 'wide.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wide\.csv:1: 10003 columns, more than the limit of 10000; is the delimiter right\?/);
  });

  it('refuses a line longer than 1 MiB, quoted or not', async () => {
    const long = 'x'.repeat(1024 * 1024 + 10);
    const dir = tempFiles({ 'plain.csv': `region,year,x\nA,2020,${long}\n`, 'quoted.csv': `region,year,x\nA,2020,"${long}"\n` });
    for (const f of ['plain.csv', 'quoted.csv']) {
      const r = await runCli(['score', join(dir, f)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/line longer than 1 MiB/);
    }
  });
});

describe('spreadsheet formula injection', () => {
  it('guards text cells starting with = + - @ or a tab in CSV output; numbers are never altered', async () => {
    const dir = tempFiles({ 'd.csv': 'region,year,x,y\n=HYPERLINK(1),2020,1,-30\n+A,2020,2,-10\n@B,2020,3,-20\n' , 'm.yaml': 'dimensions:\n  - { id: a, indicators: [{ column: x, direction: benefit }] }\n  - { id: b, indicators: [{ column: y, direction: cost }] }\n' });
    const r = await runCli(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '-f', 'csv']);
    expect(r.code).toBe(0);
    const regions = r.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(regions).toEqual(["'=HYPERLINK(1)", "'+A", "'@B"]);
  });
});

describe('one run, one transaction: outputs all or nothing (issue 15.3)', () => {
  it('leaves an existing -o untouched and no temporary file when a later output fails', async () => {
    const dir = tempFiles({ 'out.csv': 'old\n' });
    await expect(
      withRunOutputs(async () => {
        stageOutput(join(dir, 'out.csv'), 'new\n');
        stageOutput(join(dir, 'no-such-folder', 'run.json'), '{}');
      }),
    ).rejects.toThrow(/no-such-folder.*does not exist/);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('puts nothing in place and prints nothing when the command fails after staging', async () => {
    const dir = tempFiles({ 'out.csv': 'old\n' });
    const saved = stdio.out;
    let printed = '';
    stdio.out = (d) => void (printed += String(d));
    try {
      await expect(
        withRunOutputs(async () => {
          stageOutput(join(dir, 'out.csv'), 'new\n');
          throw new CoordixError('late failure');
        }),
      ).rejects.toThrow('late failure');
      expect(printed).toBe('');
      // and on success every output is in place, stdout printed after them
      await withRunOutputs(async () => {
        stageOutput(join(dir, 'out.csv'), 'new\n');
        stageOutput(join(dir, 'b.csv'), 'b\n');
      });
    } finally {
      stdio.out = saved;
    }
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe('b\n');
    expect(readdirSync(dir).sort()).toEqual(['b.csv', 'out.csv']);
  });

  it('keeps -o when --manifest fails late, through the command line', async () => {
    const dir = tempFiles({ 'd.csv': 'region,year,x,y\nA,2020,1,30\nB,2020,2,10\nC,2020,3,20\n', 'out.csv': 'old\n' });
    cpSync(join(ROOT, 'tests', 'corpus', 'model.yaml'), join(dir, 'm.yaml'));
    // the folder exists when checked, and is made read-only before the manifest is staged: simulated
    // here by a manifest path whose folder is a file (refused only when staged)
    writeFileSync(join(dir, 'file'), '');
    const r = await runInProcess(['score', join(dir, 'd.csv'), '-m', join(dir, 'm.yaml'), '-o', join(dir, 'out.csv'), '--manifest', join(dir, 'file', 'run.json')]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('old\n');
  });
});

describe('outputs that are inputs, each other, or flags (issue 15.2, 15.19)', () => {
  it('refuses with a usage error naming both', async () => {
    const dir = tempFiles({ 'm.yaml': 'x', 'd.csv': 'x' });
    const m = join(dir, 'm.yaml');
    const refuse = (opts: object, message: RegExp) => {
      const error = (() => {
        try {
          checkOutputs(opts, [join(dir, 'd.csv')]);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
    };
    refuse({ model: m, output: m }, /^-o .*m\.yaml: is also the model \(-m\); choose another name$/);
    refuse({ model: m, imputed: m }, /^--imputed .*: is also the model/);
    refuse({ frozen: m, manifest: m }, /^--manifest .*: is also the frozen manifest \(--frozen\)/);
    refuse({ output: join(dir, 'd.csv') }, /is also the input file/);
    refuse({ output: join(dir, 'a.csv'), manifest: join(dir, 'a.csv') }, /--manifest .*a\.csv: is also the output of -o/);
    expect(() => checkOutputs({ output: '-', manifest: join(dir, 'run.json') }, [join(dir, 'd.csv')])).not.toThrow();
    expect(() => checkRunPaths('score', {}, [['-', '-']])).toThrow(/- \(stdin\) is named more than once/);
  });

  it('refuses any output name that starts with "-" other than "-" itself (property)', async () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('output', 'imputed', 'manifest'), (tail, key) => {
        fc.pre(!tail.includes('/'));
        expect(() => checkOutputs({ [key]: `-${tail}` }, [])).toThrow(UsageError);
      }),
    );
  });
});

describe('bounded reads and finite numbers (issue 15.5, 15.11, 15.14)', () => {
  it('stops an endless file at its limit', async () => {
    expect(() => readBoundedSync('/dev/zero', 'manifest', 1000)).toThrow(/\/dev\/zero: the manifest is larger than 1000 bytes/);
  });

  it('refuses non-finite tolerances', async () => {
    expect(tolerance('--atol')('1e-9')).toBe(1e-9);
    expect(() => tolerance('--atol')('1e999')).toThrow(/--atol must be a finite number/);
    expect(() => tolerance('--rtol')('1e400')).toThrow(/--rtol must be a finite number/);
  });

  it('names the indicator whose range overflows, and passes a finite result', async () => {
    const model = validateModel({ dimensions: [{ id: 'a', indicators: [{ column: 'x', direction: 'benefit' }] }, { id: 'b', indicators: [{ column: 'y', direction: 'benefit' }] }] }, { name: 'm' });
    const input = (x: number[]) => ({ regions: ['A', 'B', 'C'], years: [2020, 2020, 2020], values: [Float64Array.from(x), Float64Array.from([1, 2, 3])] });
    const overflow = evaluate(input([1e308, -1e308, 5]), model);
    expect(() => assertFiniteResult(overflow)).toThrow(NonFiniteResultError);
    expect(() => assertFiniteResult(overflow)).toThrow(/^indicator "x": its values run from -1e\+308 to 1e\+308, a range \(max − min\) beyond double precision; rescale the unit/);
    expect(() => assertFiniteResult(evaluate(input([1, 2, 3]), model))).not.toThrow();
  });

  it('words the core range errors in the flags', async () => {
    expect(describeError(new DisparityRangeError('span', 1e300, 1e-310))).toMatch(/^--var: values from 1e-310 to 1e\+300 cannot be measured in double precision/);
    expect(describeError(new ConcentrationError('underflow', 1e-320))).toMatch(/^--kappa 1e-320: too small to draw weights from/);
    expect(describeError(new ConcentrationError('concentration', -1))).toMatch(/^--kappa -1: the concentration must be a positive finite number/);
  });
});

describe('untrusted manifests (issue 15.7–15.10)', () => {
  const manifestText = readFileSync(join(ROOT, 'tests', 'corpus', 'manifest.json'), 'utf8');
  const write = (change: (m: Record<string, any>) => void) => {
    const m = JSON.parse(manifestText);
    change(m);
    const dir = tempFiles({ 'run.json': JSON.stringify(m) });
    return join(dir, 'run.json');
  };

  it('reads the corpus manifest and its frozen state', async () => {
    const path = write(() => {});
    expect(readManifest(path).command).toBe('score');
    const state = frozenState(path, ['x', 'y'], ['a', 'b']);
    expect(state.indicatorWeights).toEqual([1, 1]);
    expect(state.dimensionWeights).toEqual([0.5, 0.5]);
    expect(state.bounds).toEqual([{ min: 1, max: 3 }, { min: 10, max: 30 }]);
  });

  it('refuses weights that are not finite, not positive or do not sum to 1', async () => {
    const ind = (key: string, value: unknown) => write((m) => (m.weights.groups[0].indicators[0][key] = value));
    expect(() => frozenState(ind('weight', 'abc'), ['x', 'y'], ['a', 'b'])).toThrow(/indicators\[0\] \(x\)\.weight: "abc" is not a number > 0/);
    expect(() => frozenState(ind('weight', -5), ['x', 'y'], ['a', 'b'])).toThrow(/-5 is not a number > 0/);
    expect(() => frozenState(ind('weight', 1 + 2 * FROZEN_WEIGHT_TOLERANCE), ['x', 'y'], ['a', 'b'])).toThrow(/the weights of the dimension a sum to 1\.000002, not 1/);
    expect(() => frozenState(ind('weight', 1 + FROZEN_WEIGHT_TOLERANCE / 2), ['x', 'y'], ['a', 'b'])).not.toThrow();
    expect(() => frozenState(ind('min', null), ['x', 'y'], ['a', 'b'])).toThrow(/\.min: null is not a finite number/);
    expect(() => frozenState(ind('min', 5), ['x', 'y'], ['a', 'b'])).toThrow(/min 5 is greater than max 3/);
    expect(() => frozenState(write((m) => (m.weights.groups[0].indicators = [])), ['x', 'y'], ['a', 'b'])).toThrow(/indicators: no indicators/);
  });

  it('refuses wrong types, verify itself and too many arguments before anything runs', async () => {
    expect(() => readManifest(write((m) => (m.outputs = null)))).toThrow(/outputs: not a list of outputs/);
    expect(() => readManifest(write((m) => (m.model = null)))).toThrow(/model: not an object/);
    expect(() => readManifest(write((m) => (m.arguments = ['score', 1])))).toThrow(/arguments\[1\]: 1 is not a string/);
    expect(() => readManifest(write((m) => (m.arguments = ['score', ...Array(200_000).fill('d.csv')])))).toThrow(/200001 arguments, more than 1000/);
    expect(() => readManifest(write((m) => ((m.command = 'verify'), (m.arguments = ['verify', 'x.json']))))).toThrow(/"verify" is not a command that writes manifests/);
  });

  it('reads every form of an option alike and refuses unknown options', async () => {
    const forms = [
      ['score', 'd.csv', '-o', 'out.csv', '-m', 'm.yaml', '--format', 'csv'],
      ['score', 'd.csv', '-oout.csv', '-mm.yaml', '--format=csv'],
      ['score', 'd.csv', '--output=out.csv', '--model', 'm.yaml', '-fcsv'],
    ].map((args) => parseRecordedArguments('run.json', 'score', args).args.map((a) => [a.flag, a.value, a.output, a.input]));
    expect(forms[1]).toEqual(forms[0]);
    expect(forms[2].slice().sort()).toEqual(forms[0].slice().sort());
    expect(forms[0]).toContainEqual(['--output', 'out.csv', true, false]);
    expect(forms[0]).toContainEqual(['--model', 'm.yaml', false, true]);
    expect(() => parseRecordedArguments('run.json', 'score', ['score', 'd.csv', '--exec', 'x'])).toThrow(/arguments\[2\] "--exec": not an option of coordix score/);
    expect(() => parseRecordedArguments('run.json', 'score', ['score', 'd.csv', '-m'])).toThrow(/-m needs a value/);
  });

  it('records the arguments of the run, also when run in-process', async () => {
    const dir = corpusCopy();
    const args = ['score', join(dir, 'good.csv'), '-m', join(dir, 'model.yaml'), '-f', 'csv', '--manifest', join(dir, 'run.json')];
    expect((await runInProcess(args)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).arguments).toEqual(args);
  });

  it('refuses paths outside the manifest folder unless --allow-outside', async () => {
    const outside = write((m) => (m.arguments = ['score', 'good.csv', '-m', '/etc/passwd']));
    const r = await runInProcess(['verify', outside]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the value of --model "\/etc\/passwd" lies outside the manifest's folder .*--allow-outside/);
    expect(r.stdout).not.toMatch(/root/);
    const attached = write((m) => (m.arguments = ['score', 'good.csv', '-o/tmp/coordix-verify-escape.csv']));
    expect((await runInProcess(['verify', attached])).stderr).toMatch(/the value of --output "\/tmp\/coordix-verify-escape\.csv" lies outside/);
    expect(existsSync('/tmp/coordix-verify-escape.csv')).toBe(false);
  });
});

describe('the report keeps a library\'s console output off stderr (issue 15.19)', () => {
  it('captures console.warn and console.log while rendering, and restores them', async () => {
    const before = console.warn;
    const { value, captured } = capturingConsole(() => {
      console.warn('Warning: a plotting library speaks');
      console.log('x', 1);
      return 42;
    });
    expect(value).toBe(42);
    expect(captured).toEqual(['Warning: a plotting library speaks', 'x 1']);
    expect(console.warn).toBe(before);
    expect(() => capturingConsole(() => { throw new Error('boom'); })).toThrow('boom');
    expect(console.warn).toBe(before);
  });
});

describe('verify stays in the manifest\'s folder (issue 15.8)', () => {
  it('ignores a recorded cwd outside the folder ("/") and reads the inputs in the folder', async () => {
    const dir = corpusCopy();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.cwd = '/';
    writeFileSync(join(dir, 'root.json'), JSON.stringify(m));
    const r = await runInProcess(['verify', join(dir, 'root.json'), '-f', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.inputs).toEqual([{ path: 'good.csv', status: 'unchanged', recorded: m.inputs[0].sha256, now: m.inputs[0].sha256 }]);
    expect(report.model.status).toBe('unchanged');
  });
});

describe('output files the run must not replace (issue 15.1, 15.4), through the command line', () => {
  it('writes into /dev/null in place, fails on /dev/full, and refuses a read-only file', async () => {
    const dir = corpusCopy();
    const args = ['score', 'good.csv', '-m', 'model.yaml'];
    expect((await runCli([...args, '-o', '/dev/null'], { cwd: dir })).code).toBe(0);
    if (existsSync('/dev/full')) {
      const full = await runCli([...args, '-o', '/dev/full'], { cwd: dir });
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(/\/dev\/full: no space left on the device \(ENOSPC\)/);
    }
    writeFileSync(join(dir, 'locked.csv'), 'keep\n');
    chmodSync(join(dir, 'locked.csv'), 0o444);
    const locked = await runCli([...args, '-o', 'locked.csv'], { cwd: dir });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/^coordix: locked\.csv: the file is read-only \(mode 444\); coordix does not replace a read-only file/);
    expect(readFileSync(join(dir, 'locked.csv'), 'utf8')).toBe('keep\n');
  });
});
