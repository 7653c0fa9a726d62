import { CoordixError } from '../errors.js';

/**
 * The central directory of a zip archive (an .xlsx is one), read without decompressing anything,
 * so that a decompression bomb is refused before a spreadsheet library inflates it.
 *
 * Layout (PKWARE APPNOTE 6.3.10, §4.3.16 and §4.3.12): the end-of-central-directory record
 * (signature PK\5\6, 22 bytes plus a comment of at most 65,535 bytes) sits at the end of the file
 * and gives the number of entries and the offset of the central directory; each central-directory
 * header (PK\1\2, 46 bytes plus name, extra field and comment) gives an entry's method, compressed
 * size and uncompressed size. Sizes that do not fit 32 bits are 0xFFFFFFFF there and are in the
 * entry's Zip64 extra field (id 0x0001); a Zip64 archive has a Zip64 end record (PK\6\6) found
 * through its locator (PK\6\7) just before the end record.
 */

/** One member of a zip archive, as its central directory declares it. */
export interface ZipEntry {
  /** The member's path inside the archive, e.g. `xl/worksheets/sheet1.xml`. */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  /** Where the member's local header starts. */
  localHeaderOffset: number;
}

/** What a zip may declare before coordix refuses it as a likely decompression bomb. */
export interface ZipLimits {
  /** Total declared uncompressed size of all members, bytes. */
  maxUncompressedBytes: number;
  /** Largest uncompressed ÷ compressed ratio of a member larger than `ratioMinBytes`. */
  maxCompressionRatio: number;
  /** Members up to this uncompressed size are not held to the ratio (small files compress well). */
  ratioMinBytes: number;
}

/** 256 MiB: the total declared uncompressed size of a workbook's zip members. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
/** 200:1, a ratio ordinary sheets do not reach (repeated XML compresses to about 10–50:1). */
export const DEFAULT_MAX_COMPRESSION_RATIO = 200;
/** 1 MiB: the ratio is checked only on members larger than this. */
export const DEFAULT_RATIO_MIN_BYTES = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxUncompressedBytes: DEFAULT_MAX_UNCOMPRESSED_BYTES,
  maxCompressionRatio: DEFAULT_MAX_COMPRESSION_RATIO,
  ratioMinBytes: DEFAULT_RATIO_MIN_BYTES,
});

/** A zip whose central directory cannot be read (truncated, or not a zip at all). */
export class ZipFormatError extends CoordixError {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: the workbook is damaged (${detail}); open it in Excel or LibreOffice and save it again as .xlsx, or save the sheet as CSV`);
    this.name = 'ZipFormatError';
  }
}

/** A zip that declares more than the limits allow: most likely a decompression bomb. */
export class ZipBombError extends CoordixError {
  constructor(
    readonly file: string,
    /** `total`: the members together are too large; `ratio`: one member is compressed too well. */
    readonly reason: 'total' | 'ratio',
    /** The offending member (`ratio`), or the largest member (`total`). */
    readonly entry: string,
    readonly uncompressedBytes: number,
    readonly compressedBytes: number,
    readonly limit: number,
  ) {
    super(
      reason === 'total'
        ? `${file}: the workbook would unpack to ${mib(uncompressedBytes)} MiB, more than the limit of ${mib(limit)} MiB; it may be a decompression bomb — if you trust the file, save the sheet as CSV or raise the limit (maxUncompressedBytes)`
        : `${file}: the workbook member ${entry} would unpack ${compressedBytes} bytes to ${mib(uncompressedBytes)} MiB (ratio ${Math.round(uncompressedBytes / Math.max(compressedBytes, 1))}:1, limit ${limit}:1); it is most likely a decompression bomb — if you trust the file, save the sheet as CSV or raise the limit (maxCompressionRatio)`,
    );
    this.name = 'ZipBombError';
  }
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;

/**
 * The members of a zip archive, from its central directory (nothing is decompressed).
 * @throws ZipFormatError when there is no end record or the directory runs past the file.
 * @example zipEntries(new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'empty.zip') // => []
 */
export function zipEntries(bytes: Uint8Array, file = 'zip'): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  // The end record is the last PK\5\6 whose comment reaches exactly to the end of the file.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipFormatError(file, 'no zip end-of-central-directory record');
  let count = u16(end + 10);
  let size = u32(end + 12);
  let offset = u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) throw new ZipFormatError(file, 'a Zip64 archive without its Zip64 locator');
    const record = u64(locator + 8);
    if (record + 56 > bytes.length || u32(record) !== ZIP64_EOCD) throw new ZipFormatError(file, 'the Zip64 end record is missing');
    count = u64(record + 32);
    size = u64(record + 40);
    offset = u64(record + 48);
  }
  if (offset + size > bytes.length) throw new ZipFormatError(file, 'the central directory runs past the end of the file');
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL) throw new ZipFormatError(file, `central directory entry ${i + 1} of ${count} is missing`);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) throw new ZipFormatError(file, `central directory entry ${i + 1} runs past the end of the file`);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(at + 10),
      compressedBytes: u32(at + 20),
      uncompressedBytes: u32(at + 24),
      localHeaderOffset: u32(at + 42),
    };
    // Zip64 extra field: only the fields that are 0xFFFFFFFF in the header, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(x);
      const length = u16(x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        const take = () => {
          if (field + 8 > x + 4 + length) throw new ZipFormatError(file, `the Zip64 field of ${entry.name} is too short`);
          const value = u64(field);
          field += 8;
          return value;
        };
        if (entry.uncompressedBytes === 0xffffffff) entry.uncompressedBytes = take();
        if (entry.compressedBytes === 0xffffffff) entry.compressedBytes = take();
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = take();
      }
      x += 4 + length;
    }
    entries.push(entry);
    at = next;
  }
  return entries;
}

/**
 * Refuses a zip whose members declare too much: a total uncompressed size over
 * `maxUncompressedBytes`, or a member over `ratioMinBytes` whose ratio uncompressed ÷ compressed
 * exceeds `maxCompressionRatio`. Returns the total declared uncompressed size in bytes.
 * Declared sizes can lie; the reader's memory limit is the second line of defence.
 * @throws ZipBombError naming the member and the limit it breaks.
 * @example checkZipSizes([{ name: 'xl/worksheets/sheet1.xml', method: 8, compressedBytes: 100, uncompressedBytes: 1000, localHeaderOffset: 0 }], 'book.xlsx') // => 1000
 */
export function checkZipSizes(entries: ZipEntry[], file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): number {
  let total = 0;
  let largest: ZipEntry | undefined;
  for (const entry of entries) {
    total += entry.uncompressedBytes;
    if (!largest || entry.uncompressedBytes > largest.uncompressedBytes) largest = entry;
    if (entry.uncompressedBytes > limits.ratioMinBytes && entry.uncompressedBytes > limits.maxCompressionRatio * entry.compressedBytes) {
      throw new ZipBombError(file, 'ratio', entry.name, entry.uncompressedBytes, entry.compressedBytes, limits.maxCompressionRatio);
    }
  }
  if (total > limits.maxUncompressedBytes && largest) {
    throw new ZipBombError(file, 'total', largest.name, total, entries.reduce((sum, e) => sum + e.compressedBytes, 0), limits.maxUncompressedBytes);
  }
  return total;
}
