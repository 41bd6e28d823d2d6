/**
 * A label for bytes that are not an image type we accept, so a refusal can say what was found
 * ('text/html', 'image/gif') instead of only "not an image". Used for messages only: acceptance
 * is decided by extraction's sniff, never here.
 */
const SIGNATURES: Array<[string, (b: Uint8Array, head: string) => boolean]> = [
  ['empty file', (b) => b.length === 0],
  ['image/gif', (_, h) => h.startsWith('GIF8')],
  ['image/bmp', (_, h) => h.startsWith('BM')],
  ['application/pdf', (_, h) => h.startsWith('%PDF')],
  ['application/zip', (_, h) => h.startsWith('PK\u0003\u0004')],
  ['image/heic or avif', (_, h) => h.slice(4, 8) === 'ftyp'],
  ['image/svg+xml', (_, h) => /<svg[\s>]/i.test(h)],
  ['text/html', (_, h) => /<(!doctype html|html|head|body|script)[\s>]/i.test(h)],
];

function isMostlyText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  let printable = 0;
  for (const byte of sample) if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 128) printable++;
  return printable === sample.length;
}

export function labelContent(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').trimStart();
  const match = SIGNATURES.find(([, test]) => test(bytes, head));
  if (match) return match[0];
  return isMostlyText(bytes) ? 'text/plain' : 'unknown binary data';
}
