import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** One file of a run's report. */
export interface OutputFile {
  path: string;
  content: string;
}

/** Why `path` cannot be used: the errno in words, for messages. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'ENOENT':
      return 'no such file or directory';
    default:
      return (error as Error).message;
  }
}

/**
 * The nearest existing ancestor of `dir` (itself when it exists), whether it is a directory, and the
 * missing folders below it, outermost first. A file on the way (`a/file/b`) is that ancestor.
 */
function nearestExisting(dir: string): {
  path: string;
  isDirectory: boolean;
  kind: string;
  missing: string[];
} {
  let path = resolve(dir);
  const missing: string[] = [];
  for (;;) {
    try {
      const st = statSync(path);
      const kind = st.isFile()
        ? 'a file'
        : st.isCharacterDevice()
          ? 'a character device'
          : st.isFIFO()
            ? 'a named pipe'
            : 'a socket or device';
      return { path, isDirectory: st.isDirectory(), kind, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) throw error;
      missing.unshift(path);
      path = dirname(path);
    }
  }
}

/**
 * Makes sure the files `names` can be written into the folder `dir`: creates `dir` with its parents
 * if missing, writes and removes a probe file in it (permissions, read-only or full file systems,
 * /proc show only when trying), and checks that no report name is taken by a directory. Returns what
 * is wrong, naming the path, or undefined. Run before simulating, so a bad --out is refused at once.
 */
export function prepareOutputDirectory(dir: string, names: readonly string[]): string | undefined {
  const refuse = (what: string) => `Cannot write the report: ${what}`;
  let existing: ReturnType<typeof nearestExisting>;
  // Names what is in the way: "a file", or a device or pipe (/dev/null) by its kind.
  try {
    existing = nearestExisting(dir);
  } catch (error) {
    return refuse(`cannot use directory "${dir}": ${reason(error)}`);
  }
  const shown = existing.missing.length === 0 ? dir : existing.path;
  if (!existing.isDirectory) return refuse(`"${shown}" is ${existing.kind}, not a directory`);
  try {
    // One level at a time: Node's recursive mkdir loops forever where a file system refuses with
    // ENOENT (/proc).
    for (const folder of existing.missing) mkdirSync(folder);
  } catch (error) {
    return refuse(`cannot create directory "${dir}": ${reason(error)}`);
  }
  const probe = join(dir, `.kubesim-probe.${process.pid}.tmp`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    rmSync(probe, { force: true });
    return refuse(`cannot write to directory "${dir}": ${reason(error)}`);
  }
  for (const name of names) {
    const path = join(dir, name);
    if (existsSync(path) && statSync(path).isDirectory())
      return refuse(`"${path}" is a directory; remove it or choose another --out`);
  }
  return undefined;
}

/** The temporary name of `path` while it is written: hidden, beside it, unique to this process. */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/**
 * Writes all `files` or none of them (as far as one process can): every file is first written to a
 * temporary file beside it, and only when all are written are they renamed into place, each rename
 * being atomic. If a rename fails, the files already renamed are removed again, so a reader never
 * finds the Markdown of one run beside the JSON of another, nor a half-written file. The folders
 * must exist (prepareOutputDirectory). Synchronous on
 * purpose: a SIGINT arriving meanwhile is handled after the last rename (see cli/interrupt.ts).
 */
export function writeFilesAtomic(files: readonly OutputFile[]): void {
  const temps = files.map((f) => temporaryPath(f.path));
  const renamed: string[] = [];
  try {
    files.forEach((f, i) => {
      writeFileSync(temps[i] as string, f.content);
    });
    files.forEach((f, i) => {
      renameSync(temps[i] as string, f.path);
      renamed.push(f.path);
    });
  } catch (error) {
    for (const path of [...temps, ...renamed]) rmSync(path, { force: true });
    throw error;
  }
}
