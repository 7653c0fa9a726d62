import { readTextBounded } from '../input/source.js';
import { sha256 } from '../hash.js';
import { CoordixError } from '../errors.js';
import { BUILTIN_MODEL, BUILTIN_MODEL_YAML } from './builtin.js';
import type { Model } from './schema.js';
import { validateModel, type KeyPath } from './validate.js';

/** At most this many YAML aliases: a "billion laughs" document is refused, not expanded. */
export const MAX_YAML_ALIASES = 100;

export interface LoadedModel {
  model: Model;
  /** The file path, or null for the built-in model. */
  path: string | null;
  /** SHA-256 of the model file's bytes (or of the built-in text), lowercase hex. */
  sha256: string;
}

/**
 * Parses and validates a model from YAML or JSON text (YAML is a superset of JSON). YAML is read
 * with the core schema: no custom tags, at most 100 aliases, duplicate keys refused.
 */
export async function parseModel(text: string, sourceName: string): Promise<Model> {
  // A JSON model that is valid goes without the YAML parser (loading it costs ~45 ms); anything
  // else — YAML, a duplicate key, a mistake to report with its line — takes the YAML path below.
  const json = strictJson(text);
  if (json !== undefined) {
    try {
      return validateModel(json, { name: sourceName });
    } catch {
      /* worded below, with the line */
    }
  }
  const { parseDocument, LineCounter, isNode } = await loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, schema: 'core', prettyErrors: false, customTags: [] });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new CoordixError(`${sourceName}${line ? `:${line}` : ''}: not valid YAML or JSON: ${error.message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    throw new CoordixError(`${sourceName}: ${(e as Error).message.split('\n')[0]} (at most ${MAX_YAML_ALIASES} YAML aliases are allowed)`);
  }
  if (raw === null || raw === undefined) throw new CoordixError(`${sourceName}: the model file is empty; run "coordix init -o model.yaml" for a commented start`);
  const locate = (path: KeyPath): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return validateModel(raw, { name: sourceName, locate });
}

/**
 * The value of a JSON object document, or undefined when the text is not one or repeats a key in
 * an object (JSON.parse keeps the last silently; a model must not). The key scan relies on the
 * text being valid JSON, which JSON.parse has just established.
 */
export function strictJson(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return undefined;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (ch === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (ch === '[') stack.push({ keys: null, expectKey: false });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',' && stack[stack.length - 1]?.keys) stack[stack.length - 1].expectKey = true;
  }
  return value;
}

/** The yaml library, loaded only when a model file is read. */
async function loadYaml(): Promise<typeof import('./yaml.js')> {
  return import('./yaml.js');
}

/**
 * Loads a model file (at most `maxBytes`, default 16 MiB, of UTF-8), or the built-in model when `path` is undefined.
 * @throws CoordixError naming the file: missing, unreadable, a folder, past the limit, not UTF-8, or invalid.
 */
export async function loadModel(path?: string, { maxBytes }: { maxBytes?: number } = {}): Promise<LoadedModel> {
  if (path === undefined) {
    return withHash(validateModel(BUILTIN_MODEL, { name: 'built-in model' }), null, BUILTIN_MODEL_YAML);
  }
  // Read in bounded pieces (16 MiB): /dev/zero or a huge file ends with a clear error.
  const { text, bytes } = await readTextBounded(path, { what: 'model file', ...(maxBytes ? { maxBytes } : {}) });
  return withHash(await parseModel(text, path), path, bytes);
}

export { sha256 };

/** A loaded model whose hash is computed when first read (manifests only). */
function withHash(model: Model, path: string | null, source: string | Uint8Array): LoadedModel {
  let hash: string | undefined;
  return {
    model,
    path,
    get sha256() {
      return (hash ??= sha256(source));
    },
  };
}

/** "what went wrong, how to fix it" for a file that cannot be opened. */
export function fileErrorMessage(path: string, error: NodeJS.ErrnoException, what: string): string {
  switch (error.code) {
    case 'ENOENT':
      return `${path}: no such ${what}; check the path`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied; the ${what} is not readable by this user`;
    case 'EISDIR':
      return `${path}: is a directory, not a ${what}`;
    default:
      return `${path}: cannot read the ${what} (${error.code ?? error.message})`;
  }
}
