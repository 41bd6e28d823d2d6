import path from 'node:path';

/**
 * The repository's root, where views/ and the other files that are not TypeScript live. This file is
 * server/project-root.ts in the sources and dist/server/project-root.js once compiled, so the root is
 * one folder further up from the compiled file.
 */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, import.meta.url.endsWith('.js') ? '../..' : '..');
