import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

/**
 * node:crypto, loaded on first use: importing it costs ~8 ms of every start on these machines,
 * and most runs hash nothing (hashes are for manifests and `verify`).
 */
export function cryptoModule(): typeof import('node:crypto') {
  return (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));
}

/** SHA-256 of text (as UTF-8) or bytes, lowercase hex. */
export function sha256(data: string | Uint8Array): string {
  return cryptoModule().createHash('sha256').update(data).digest('hex');
}
