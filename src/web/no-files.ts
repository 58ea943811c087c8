import type * as Door from '../manifests/files.js';
import * as m from '../manifests/messages.js';

// The browser bundle's stand-in for src/manifests/files.ts, the loader's only door to the host (the
// build swaps one for the other, see build.mjs). A page has no file system: its manifests come as
// text (loadText), so a file they name (an include, a trace, an applied manifest) cannot be read and
// is reported as an ordinary load error. Paths are the page's own virtual names, always POSIX.
// Each export is typed after the one it replaces, so the two cannot drift apart unnoticed.

const NO_FILE_SYSTEM = 'the browser playground has no file system: put every object in its one YAML text';

export const MAX_FILE_BYTES: typeof Door.MAX_FILE_BYTES = 16 * 1024 * 1024;

export const listManifestFiles: typeof Door.listManifestFiles = (dir) => ({
  error: m.fileUnreadable(dir, NO_FILE_SYSTEM),
});

export const readSmallFile: typeof Door.readSmallFile = () => ({
  error: 'refused',
  reason: NO_FILE_SYSTEM,
  line: 0,
  column: 0,
});

export const manifestFileKey: typeof Door.manifestFileKey = (path) => path;

export const pathBeside: typeof Door.pathBeside = (file, written) =>
  written.startsWith('/') ? written : `${folderOf(file)}${written}`;

export const relativeToFolderOf: typeof Door.relativeToFolderOf = (file, target) => {
  const folder = folderOf(file);
  return folder !== '' && target.startsWith(folder) ? target.slice(folder.length) : target;
};

/** The folder part of a POSIX path, with its trailing slash ("" for a bare name). */
function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}
