import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decodeManifest } from './encoding.js';
import * as m from './messages.js';

/** Files above this size are refused before being read (a manifest this large is a mistake or an attack). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * The manifest files of a directory (*.yaml, *.yml, *.json), in name order, not recursive; or the
 * reason it cannot be listed (permissions).
 */
export function listManifestFiles(dir: string): string[] | { error: string } {
  try {
    return readdirSync(dir)
      .filter((n) => MANIFEST_FILE.test(n))
      .sort()
      .map((n) => join(dir, n));
  } catch (e) {
    return { error: m.fileUnreadable(dir, (e as Error).message) };
  }
}

/** What a path that is not a regular file is, in words: "a named pipe (FIFO)", "a character device"… */
function kindOf(st: Stats): string | undefined {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return st.isFile() ? undefined : 'not a file';
}

/** A file's text, or why not: missing, a directory, or a message (with its position when it has one). */
export type ReadResult =
  | { text: string; lineEndings: 'LF' | 'CR' }
  | { error: 'missing' }
  | { error: 'directory' }
  | { error: 'refused'; reason: string; line: number; column: number };

function refused(reason: string, line = 0, column = 0): ReadResult {
  return { error: 'refused', reason, line, column };
}

/**
 * Reads a whole file, checking first (with stat, which never blocks) that it is a regular file of at
 * most MAX_FILE_BYTES: a pipe, a device (/dev/zero, /dev/urandom) or a socket is refused without being
 * read, as reading one may never end. It is opened non-blocking and checked again on the open
 * descriptor, so a file swapped for a pipe in between is refused too. The bytes are then decoded
 * (encoding.ts). The reason of a refusal is worded to follow `Cannot load "<path>": `.
 */
export function readSmallFile(path: string): ReadResult {
  let fd: number | undefined;
  try {
    const before = statSync(path);
    if (before.isDirectory()) return { error: 'directory' };
    const kind = kindOf(before);
    if (kind !== undefined) return refused(m.notRegularFile(kind));
    if (before.size > MAX_FILE_BYTES) return refused(m.fileTooLarge(before.size, MAX_FILE_BYTES));
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    const kindNow = kindOf(st);
    if (kindNow !== undefined) return refused(m.notRegularFile(kindNow));
    if (st.size > MAX_FILE_BYTES) return refused(m.fileTooLarge(st.size, MAX_FILE_BYTES));
    const decoded = decodeManifest(readFileSync(fd));
    if ('problem' in decoded) return refused(decoded.problem, decoded.line, decoded.column);
    return decoded;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'missing' };
    if (code === 'EACCES' || code === 'EPERM') return refused('permission denied');
    return refused((e as Error).message);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Path arithmetic of the loader. It lives here, beside the reads, so that this module is the loader's
// only door to the host: the browser playground's bundle puts src/web/no-files.ts in its place.

/** One key for every spelling of a file's path (relative or absolute), so a file is loaded once. */
export function manifestFileKey(path: string): string {
  return resolve(path);
}

/** The path of `written` (a file a manifest names: an include, a trace) read from `file`'s folder. */
export function pathBeside(file: string, written: string): string {
  return isAbsolute(written) ? written : join(dirname(file), written);
}

/**
 * `target` relative to the folder of `file`, with `/` separators, as the report names files (so
 * reports match across machines); `target` itself when it is that folder.
 */
export function relativeToFolderOf(file: string, target: string): string {
  const rel = relative(dirname(file), target);
  return rel === '' ? target : rel.split(sep).join('/');
}
