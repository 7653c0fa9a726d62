import { createHash } from 'node:crypto';

/** SHA-256 of text (as UTF-8) or bytes, lowercase hex (manifests, `verify`). */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An incremental SHA-256, for output written in pieces. */
export function sha256Stream(): { update(piece: string | Uint8Array): void; digest(): string } {
  const hash = createHash('sha256');
  return { update: (piece) => void hash.update(piece), digest: () => hash.digest('hex') };
}

