// The parts of the yaml library coordix uses, in a module of their own so that it loads only when
// a YAML model is read (src/model/load.ts imports this with import() on first use).
export { isNode, LineCounter, parseDocument } from 'yaml';
