/**
 * `shadegate check FILE…`: the portal's checks and extraction from the command line, through the
 * same inspectPhoto path. Exit 0 when every photo is accepted, 1 when any is rejected, 2 on a
 * usage error (the message goes to stderr).
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { closeAnalysisLanes, configureAnalysisLanes } from '../../extraction/analysis-lane.ts';
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

/** Refuses, before any photo is judged, a file that cannot be read, so no half report is printed. */
async function assertReadable(file: string): Promise<void> {
  let isFile: boolean;
  try {
    await access(file, constants.R_OK);
    isFile = (await stat(file)).isFile();
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  if (!isFile) throw new UsageError(`cannot read ${file} (not a regular file)`);
}

async function checkFiles(args: CheckArgs): Promise<FileReport[]> {
  for (const file of args.files) await assertReadable(file);
  const reports: FileReport[] = [];
  // One at a time: each file and its analysis hold tens of megabytes, and the CLI should stay light.
  for (const file of args.files) {
    const bytes = new Uint8Array(await readFile(file));
    const inspection = await inspectPhoto(
      bytes,
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
    // The first photo is analysed before the lanes are up, so a single photo never uses them: starting
    // them would only compete for the cores (this is a one-shot process, so the switch stays off).
    // With more, they are stopped as soon as the last is done, so the process ends then rather than
    // after the lanes' idle time.
    if (command.args.files.length === 1) configureAnalysisLanes({ enabled: false });
    const reports = await checkFiles(command.args).finally(closeAnalysisLanes);
    io.stdout(command.args.json ? reportJson(reports) : reports.map(reportTable).join('\n\n'));
    return reports.every((r) => r.verdict === 'accepted') ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`shadegate: ${error.message}\n${CHECK_USAGE}`);
    return 2;
  }
}
