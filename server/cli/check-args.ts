/** The `shadegate check` command line: flags parsed by node:util, values validated by zod. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { extractorNames } from '../../extraction/index.ts';
import { hexColorSchema } from '../../validators/photo-meta.ts';
import { CATEGORY_IDS, categories } from '../../validators/standards.ts';

export const CHECK_USAGE =
  'Usage: shadegate check FILE… [--swatch HEX] [--category C] [--extractor NAME] [--json]\n' +
  `  --swatch HEX       the shade's declared colour, e.g. #b22146 (compared with the measured colour)\n` +
  `  --category C       ${categories().join(' | ')} (default lipstick)\n` +
  `  --extractor NAME   ${extractorNames().join(' | ')} (default robust)\n` +
  '  --json             print {file, verdict, findings, extraction} (an array for several files)\n' +
  'Exit status: 0 all accepted, 1 any rejected, 2 usage error.';

export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const checkArgsSchema = z.object({
  files: z.array(z.string().min(1)).min(1, 'no files given'),
  swatch: hexColorSchema.optional(),
  category: z.enum(CATEGORY_IDS, { error: `--category must be one of ${categories().join(', ')}` }).default('lipstick'),
  extractor: z
    .string()
    .refine((name) => extractorNames().includes(name), { error: `--extractor must be one of ${extractorNames().join(', ')}` })
    .optional(),
  json: z.boolean().default(false),
});

export type CheckArgs = z.infer<typeof checkArgsSchema>;

export type ParsedCommand = { kind: 'help' } | { kind: 'check'; args: CheckArgs };

function rawArgs(argv: string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        swatch: { type: 'string' },
        category: { type: 'string' },
        extractor: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const flag = String(issue.path[0] ?? '');
  if (flag === 'files') return issue.message;
  if (issue.message.startsWith('--')) return issue.message;
  return `--${flag} ${issue.message}`;
}

/** argv after the program name, e.g. ['check', 'a.jpg', '--json']. Throws UsageError. */
export function parseCheckCommand(argv: string[]): ParsedCommand {
  const { values, positionals } = rawArgs(argv);
  if (values.help) return { kind: 'help' };
  const [command, ...files] = positionals;
  if (command !== 'check') throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  const parsed = checkArgsSchema.safeParse({ ...values, files });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map(describeIssue).join('; '));
  return { kind: 'check', args: parsed.data };
}
