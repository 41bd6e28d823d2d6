#!/usr/bin/env node
// Entry point for `npx shadegate …` from any directory, resolved relative to this file rather than the
// caller's working directory. Runs the compiled CLI when dist/ holds a build of the current sources;
// otherwise (a working copy being edited, or never built) loads the TypeScript sources through tsx.
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './build-state.mjs';

const root = new URL('..', import.meta.url);
let entry;
if (buildIsCurrent(fileURLToPath(root))) {
  entry = new URL('dist/server/cli/check.js', root);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('server/cli/check.ts', root);
}
const { runCheckCli } = await import(entry.href);
process.exitCode = await runCheckCli(process.argv.slice(2));
