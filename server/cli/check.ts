/**
 * `shadegate check FILE…`: the portal's checks and extraction from the command line, through the
 * same inspectPhoto path. Exit 0 when every photo is accepted, 1 when any is rejected, 2 on a
 * usage error (the message goes to stderr).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inspectPhoto } from '../../validators/inspect-photo.ts';
import { CHECK_USAGE, parseCheckCommand, UsageError, type CheckArgs } from './check-args.ts';
import { reportJson, reportTable, type FileReport } from './check-report.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

async function readAll(files: string[]): Promise<Uint8Array[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return new Uint8Array(await readFile(file));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new UsageError(`cannot read ${file} (${reason})`);
      }
    }),
  );
}

async function checkFiles(args: CheckArgs): Promise<FileReport[]> {
  const contents = await readAll(args.files);
  const reports: FileReport[] = [];
  // One at a time: each analysis holds a decoded image, and the CLI should stay light on memory.
  for (const [i, file] of args.files.entries()) {
    const inspection = await inspectPhoto(
      contents[i],
      { fileName: basename(file), category: args.category, ...(args.swatch ? { swatchHex: args.swatch } : {}) },
      { extractor: args.extractor },
    );
    reports.push({ file, verdict: inspection.verdict, findings: inspection.findings, extraction: inspection.extraction });
  }
  return reports;
}

/** Runs the CLI on argv (after the program name) and returns the exit status. */
export async function runCheckCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const command = parseCheckCommand(argv);
    if (command.kind === 'help') {
      io.stdout(CHECK_USAGE);
      return 0;
    }
    const reports = await checkFiles(command.args);
    io.stdout(command.args.json ? reportJson(reports) : reports.map(reportTable).join('\n\n'));
    return reports.every((r) => r.verdict === 'accepted') ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`shadegate: ${error.message}\n${CHECK_USAGE}`);
    return 2;
  }
}
