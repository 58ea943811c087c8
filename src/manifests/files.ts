import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Reads a whole file after checking its size with stat, so an oversized file is never read into
 * memory. Returns the text (without a byte-order mark), or why not: 'missing', 'directory', or a message.
 */
export function readSmallFile(path: string): { text: string } | { error: 'missing' | 'directory' | string } {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { error: 'directory' };
    size = st.size;
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : String(e) };
  }
  if (size > MAX_FILE_BYTES) return { error: m.fileTooLarge(size, MAX_FILE_BYTES) };
  try {
    return { text: readFileSync(path, 'utf8').replace(/^\uFEFF/, '') };
  } catch (e) {
    return { error: m.fileUnreadable(path, (e as Error).message) };
  }
}
