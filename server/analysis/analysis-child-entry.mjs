// A forked child starts without the parent's TypeScript loader (it is forked with no execArgv): register it, then load the child.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-child.ts');
