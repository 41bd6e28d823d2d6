// A worker thread does not inherit the TypeScript loader of the thread that started it: register it, then load the lane.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-lane-worker.ts');
