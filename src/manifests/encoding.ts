/**
 * Bytes of a manifest file → text. kubectl reads UTF-8, and UTF-16 when a byte-order mark says so
 * (k8s.io/cli-runtime pkg/resource/visitor.go wraps every file in unicode.BOMOverride); anything
 * else is refused with its name, rather than handed to the YAML parser as mojibake.
 */

/** Decoded text, or why the bytes are not a manifest (with the 1-based line and column where known). */
export type Decoded =
  | { text: string; lineEndings: 'LF' | 'CR' }
  | { problem: string; line: number; column: number };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Line and column (1-based, in bytes) of byte `offset`. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Which byte order a BOM-less UTF-16 file has, judged as text editors do: ASCII text in UTF-16 has a
 * NUL in every other byte, on the high side (odd offsets for little-endian).
 */
function bomlessUtf16(bytes: Uint8Array): 'little-endian' | 'big-endian' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.9 && evenNul === 0) return 'little-endian';
  if (evenNul > pairs * 0.9 && oddNul === 0) return 'big-endian';
  return undefined;
}

/**
 * Decodes a file's bytes. A UTF-8 byte-order mark is dropped; a UTF-16 one selects UTF-16 as with
 * kubectl; UTF-32, BOM-less UTF-16, NUL bytes (binary files) and invalid UTF-8 are refused, naming
 * them. Old Mac OS line endings (CR alone, no LF anywhere) are YAML line breaks (YAML 1.2 §5.4), which
 * the parser does not take alone: they become LF, one for one, so positions stay the same.
 */
export function decodeManifest(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]) || startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    return { problem: 'the file is UTF-32 encoded; save it as UTF-8', line: 0, column: 0 };
  }
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    try {
      text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch {
      return {
        problem: 'the file starts with a UTF-16 byte-order mark but is not valid UTF-16',
        line: 0,
        column: 0,
      };
    }
  } else {
    const order = bomlessUtf16(bytes);
    if (order !== undefined) {
      return {
        problem: `the file looks UTF-16 (${order}) encoded without a byte-order mark; save it as UTF-8`,
        line: 0,
        column: 0,
      };
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      return { problem: 'it holds a NUL byte: a binary file, not YAML or JSON', ...positionOf(bytes, nul) };
    }
    const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      const bad = firstInvalidUtf8(body);
      const offset = bad + (body === bytes ? 0 : 3);
      const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
      return {
        problem: `byte 0x${byte} is not valid UTF-8 (Kubernetes manifests are UTF-8; was it saved as Latin-1?)`,
        ...positionOf(bytes, offset),
      };
    }
  }
  // TextDecoder keeps a UTF-16 BOM as U+FEFF; a UTF-8 one was dropped above.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.includes('\r') && !text.includes('\n'))
    return { text: text.replaceAll('\r', '\n'), lineEndings: 'CR' };
  return { text, lineEndings: 'LF' };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    try {
      // Overlong forms and surrogates pass the shape test above; the decoder knows them.
      strictUtf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
