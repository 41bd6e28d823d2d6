#!/usr/bin/env node
// Entry point for `npx shadegate …` from any directory: TypeScript sources are loaded through tsx,
// resolved relative to this file rather than the caller's working directory.
import { register } from 'tsx/esm/api';

register();
const { runCheckCli } = await import(new URL('../server/cli/check.ts', import.meta.url).href);
process.exitCode = await runCheckCli(process.argv.slice(2));
