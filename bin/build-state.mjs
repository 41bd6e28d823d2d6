// Whether dist/ holds a build of the current sources: its stamp (written after every successful build)
// is at least as new as every file the build reads. Plain JavaScript, so the CLI can ask before any
// TypeScript tooling is loaded.
import fs from 'node:fs';
import path from 'node:path';

/** What `tsc -p tsconfig.build.json` compiles, and the settings it compiles them with. */
const SOURCE_DIRS = ['server', 'extraction', 'validators', 'migrations'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

export const DIST_DIR = 'dist';
export const STAMP_FILE = path.join(DIST_DIR, '.build-stamp');

/** The newest modification time (ms) among the files the build reads. */
function newestSourceTime(root) {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(root, dir));
  for (const file of SETTINGS) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/ was built after the last change to any source file or build setting. */
export function buildIsCurrent(root) {
  let built;
  try {
    built = fs.statSync(path.join(root, STAMP_FILE)).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestSourceTime(root);
}
