import type { TestPortal } from './test-portal.ts';

/** The naming rule checks the file name against the form's shade code: name the photo for the shade. */
export const named = (bytes: Buffer, shadeCode: string, view = 'front') => ({
  view,
  bytes,
  fileName: `lumiere_silk-matte_${shadeCode}_${view}.jpg`,
});

/** The submission id in a `Location: /submissions/<id>` redirect. */
export const submissionIdFrom = (location: string) => /\/submissions\/([0-9a-f-]{36})$/.exec(location)?.[1] ?? '';

/** Polls until `probe` yields a value, nudging the portal's job runner between polls. */
export async function waitFor<T>(
  portal: TestPortal,
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    portal.runner.poke();
    await new Promise((r) => setTimeout(r, 40));
  }
}

/**
 * Another photo with the same pixels: a JPEG comment segment after SOI makes the bytes (and so the
 * fingerprint) differ. A brand sending the very same bytes again gets its earlier submission back.
 */
export function distinctJpeg(jpeg: Buffer, label: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('distinctJpeg expects a JPEG');
  const text = Buffer.from(label, 'utf8');
  const header = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, text, jpeg.subarray(2)]);
}
