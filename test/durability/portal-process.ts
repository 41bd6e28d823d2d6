import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * The portal as a separate OS process (`node --import tsx server/main.ts`), so a test can SIGKILL it
 * mid-request and start it again on the same data folder. `compiled` runs the build instead
 * (`node dist/server/main.js`, as `npm start` does).
 */
export interface PortalProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** `fdLimit` starts the process under `ulimit -n` (a shell that execs node, so the pid is node's). */
export async function spawnPortal(
  env: Record<string, string>,
  args: string[] = [],
  options: { fdLimit?: number; compiled?: boolean } = {},
): Promise<PortalProcess> {
  const entry = options.compiled ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const node = [process.execPath, ...entry, ...args];
  const [command, ...argv] = options.fdLimit ? ['bash', '-c', `ulimit -n ${options.fdLimit} && exec "$@"`, 'portal', ...node] : node;
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = args[0] === 'worker' ? /worker is running/ : /running on (http:\/\/\S+)/;
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = ready.exec(out);
      if (m) resolve((m[1] ?? '').replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`portal exited with ${code} before it was ready:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
