/**
 * Every word a brand reads in a verdict or an email comes from the catalogs: with a pseudo-locale built
 * from English (each message wrapped in ⟦…⟧ with accented letters, ICU syntax and placeholders intact),
 * every visible text is inside the markers — except user data, numbers, colours, rule ids and URLs.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { VIEWS_DIR } from '../../../server/app.ts';
import { localiseFinding } from '../../../server/i18n/finding-text.ts';
import { createLocalisation, readCatalog, type Catalog, type Language } from '../../../server/i18n/i18n.ts';
import type { EmailKind } from '../../../server/mail/email-repository.ts';
import { createMailComposer } from '../../../server/mail/mail-composer.ts';
import { createMailTemplates } from '../../../server/mail/mail-templates.ts';
import type { Photo, Submission } from '../../../server/repositories/submission-repository.ts';
import { RULE_IDS } from '../../../validators/types.ts';
import { everyFinding } from '../../validators/every-finding.ts';

const PSEUDO = 'en-XA' as Language;
const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [c, [...'áƀçđéƒĝĥíĵķĺɱñóþʠŕšŧúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŦÚṼŴẊÝŽ'][i]]),
);

/** Accents the literal text of an ICU message, leaving arguments, plural/select keys, '#' and quoted parts alone. */
function accentIcu(message: string): string {
  let i = 0;
  const text = (insideBranch: boolean): string => {
    let out = '';
    while (i < message.length) {
      const c = message[i];
      if (c === '}' && insideBranch) return out;
      if (c === "'" && message[i + 1] === "'") {
        out += "''";
        i += 2;
      } else if (c === "'" && /[{}#|]/.test(message[i + 1] ?? '')) {
        const end = message.indexOf("'", i + 1);
        out += message.slice(i, end + 1);
        i = end + 1;
      } else if (c === '{') out += argument();
      else {
        out += ACCENTED[c] ?? c;
        i += 1;
      }
    }
    return out;
  };
  const argument = (): string => {
    const start = i;
    const head = /^\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?/.exec(message.slice(i))!;
    i += head[0].length;
    if (head[2] !== 'plural' && head[2] !== 'select' && head[2] !== 'selectordinal') {
      i = message.indexOf('}', i) + 1;
      return message.slice(start, i);
    }
    let out = message.slice(start, i);
    i += 1; // the comma before the branches
    out += ',';
    for (;;) {
      const key = /^\s*([^\s{}]+)\s*/.exec(message.slice(i));
      if (!key) break;
      out += key[0];
      i += key[0].length + 1; // the branch's '{'
      out += `{${text(true)}}`;
      i += 1; // the branch's '}'
    }
    i = message.indexOf('}', i) + 1;
    return `${out}}`;
  };
  return text(false);
}

function pseudoCatalog(): Catalog {
  const catalog = readCatalog(path.join(VIEWS_DIR, 'locales'));
  const pseudo: Catalog[string] = {};
  for (const [ns, messages] of Object.entries(catalog.en)) {
    pseudo[ns] = Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, `⟦${accentIcu(message)}⟧`]));
  }
  return { ...catalog, [PSEUDO]: pseudo };
}

const localisation = createLocalisation({ catalog: pseudoCatalog(), extraLanguages: [PSEUDO] });
const tr = localisation.translator(PSEUDO);

/** What is left of a text once every ⟦…⟧ (nested too) is taken out. */
function outsideMarkers(text: string): string {
  let rest = text;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest;
}

/** Words left outside the markers once user data, numbers, colours, rule ids and URLs are removed. */
function strayWords(text: string, userData: readonly string[] = []): string[] {
  let rest = outsideMarkers(text)
    .replace(/https?:\/\/\S+/g, ' ')
    // File names the brand gave (or the one suggested from the brand's own names).
    .replace(/[\w.-]*_[\w.-]*|[\w-]+\.(?:jpe?g|png|webp|tiff?)\b/gi, ' ')
    .replace(/#[0-9a-fA-F]{6}\b/g, ' ')
    .replace(/\b(?:cid|thumb)-?\S*/g, ' ');
  for (const rule of RULE_IDS) rest = rest.split(rule).join(' ');
  for (const data of [...userData].sort((a, b) => b.length - a.length)) rest = rest.split(data).join(' ');
  return rest.match(/\p{L}{2,}/gu) ?? [];
}

describe('a pseudo-locale shows every verdict and email text comes from the catalogs', () => {
  it('keeps ICU syntax and placeholders intact in the pseudo messages', () => {
    assert.equal(accentIcu('{count, plural, one {# edge} other {# edges}} at {x, number}'), '{count, plural, one {# éđĝé} other {# éđĝéš}} áŧ {x, number}');
    assert.equal(accentIcu("a '{brand}' b"), "á '{brand}' ƀ");
    assert.equal(tr.t('rules:framing.cut', { edges: 'X', count: 2 }), '⟦Ŧĥé þŕóđúçŧ íš çúŧ ƀý ŧĥé X éđĝéš óƒ ŧĥé þĥóŧó.⟧');
  });

  it('says every rule finding inside the markers', () => {
    const userData = ['lumiere_silk-matte_nu-12_front', 'lumiere_silk-matte_nu-13_side', 'page.jpg', 'Nude Kiss', 'Nude  Kiss', 'Nude 💋 Kiss', 'Nude Kiss!', 'NUDE KISS', 'nude kiss', 'text/html', 'JPEG, PNG, WebP, TIFF', 'JPEG', 'PNG', 'Lumiere', 'Silk', 'Final', 'back', 'jpg', 'JPG', 'nu', 'ΔE00', 'L*', 'a*', 'b*', '.jpg', 'jpeg', 'front'];
    for (const finding of everyFinding()) {
      const said = localiseFinding(tr, finding);
      for (const field of ['title', 'statusLabel', 'message', 'fix', 'threshold', 'measured'] as const) {
        assert.deepEqual(strayWords(said[field], userData), [], `${finding.rule} ${field}: ${said[field]}`);
      }
      assert.match(said.message, /^⟦/, `${finding.rule} message is from the catalog`);
    }
  });

  it('composes every kind of email with every visible text inside the markers', () => {
    const composer = createMailComposer({
      templates: createMailTemplates(path.join(VIEWS_DIR, 'emails'), localisation),
      localisation,
      baseUrl: 'https://portal.example',
    });
    const findings = everyFinding().filter((f) => f.status !== 'pass');
    const submission: Submission = {
      id: '00000000-0000-4000-8000-000000000001',
      brandId: 'b1',
      brandName: 'Lumière Paris',
      createdBy: 'u1',
      productLine: 'Silk Matte',
      shadeCode: 'NU-12',
      shadeName: 'Nude Kiss',
      category: 'lipstick',
      declaredFinish: 'matte',
      swatchHex: '#b22146',
      status: 'rejected',
      verdict: 'rejected',
      extraction: null,
      extractor: null,
      bestPhotoId: null,
      replacesId: null,
      createdAt: '2026-12-03T10:00:00.000Z',
      updatedAt: '2026-12-03T10:00:00.000Z',
    };
    const photo = (view: string): Photo => ({
      id: `p-${view}`,
      submissionId: submission.id,
      brandId: 'b1',
      view,
      displayName: `lumiere_silk-matte_nu-12_${view}.jpg`,
      storageKey: 'k',
      sha256: 'x',
      bytes: 1,
      format: 'jpeg',
      width: 1200,
      height: 1600,
      verdict: 'rejected',
      findings,
      measurements: null,
      extraction: null,
      createdAt: submission.createdAt,
    });
    const userData = [
      'NU-12', 'Nude Kiss', 'Nude  Kiss', 'Nude 💋 Kiss', 'Nude Kiss!', 'Lumière Paris', 'Silk Matte', 'Shadegate', 'Shoot it straight on.', 'lumiere_silk-matte_nu-12_front', 'lumiere_silk-matte_nu-13_side', 'page.jpg',
      'NUDE KISS', 'nude kiss', 'text/html', 'JPEG, PNG, WebP, TIFF', 'JPEG', 'PNG', 'Lumiere', 'Silk', 'Final', 'back', 'jpg', 'JPG', 'nu', 'ΔE00', 'L*', 'a*', 'b*', 'front',
    ];
    const kinds: EmailKind[] = ['rejection', 'upheld', 'new_photo_requested', 'overridden'];
    for (const kind of kinds) {
      const status = kind === 'overridden' ? 'overridden' : submission.status;
      const mail = composer.compose(kind, { ...submission, status }, [photo('front'), photo('swatch')], 'Shoot it straight on.', PSEUDO);
      assert.deepEqual(strayWords(mail.subject, userData), [], `${kind} subject: ${mail.subject}`);
      assert.deepEqual(strayWords(mail.textBody, userData), [], `${kind} text part`);
      const html = mail.htmlBody;
      assert.match(html, /<html lang="en-XA" dir="ltr">/);
      const alts = [...html.matchAll(/\balt="([^"]*)"/g)].map((m) => m[1]).join(' ');
      const visible = html
        .replace(/<title>[\s\S]*?<\/title>/, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#x27;|&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#x3D;/g, '=')
        .replace(/&#x60;/g, '`');
      assert.deepEqual(strayWords(`${visible} ${alts}`, userData), [], `${kind} HTML part`);
      assert.ok(outsideMarkers(visible).length < visible.length, `${kind} HTML says something`);
    }
  });
});
