/**
 * The texts of moderation emails (outbox kinds of 20261124100100_notification_outbox.sql), in
 * French and English. They say what happened to the recipient's proposal or report, never who did it.
 */

export type MailLocale = 'fr' | 'en';

export interface OutboxEntry {
  kind: string;
  proposalId: number | null;
  payload: Record<string, unknown>;
}

const STATUS: Record<MailLocale, Record<string, string>> = {
  en: { new: 'new', under_study: 'under study', accepted: 'accepted', realised: 'realised', declined: 'declined' },
  fr: { new: 'nouvelle', under_study: 'à l’étude', accepted: 'acceptée', realised: 'réalisée', declined: 'refusée' },
};

const REASON: Record<MailLocale, Record<string, string>> = {
  en: {
    compliant: 'it follows the rules',
    spam: 'spam or advertising',
    offensive: 'offensive or hateful content',
    off_topic: 'off topic',
    personal_data: 'personal data',
    illegal: 'illegal content',
    duplicate: 'duplicate',
    reports: 'reported by several people',
    other: 'other reason',
  },
  fr: {
    compliant: 'elle respecte les règles',
    spam: 'spam ou publicité',
    offensive: 'contenu injurieux ou haineux',
    off_topic: 'hors sujet',
    personal_data: 'données personnelles',
    illegal: 'contenu illégal',
    duplicate: 'doublon',
    reports: 'signalée par plusieurs personnes',
    other: 'autre motif',
  },
};

type Text = (p: Record<string, unknown>, s: (key: string) => string) => [subject: string, body: string];

const TEXTS: Record<MailLocale, Record<string, Text>> = {
  en: {
    proposal_hidden: (p, s) => [
      `Your proposal "${s('title')}" was hidden`,
      `It is no longer public. Reason: ${s('reason')}.`,
    ],
    proposal_restored: (p, s) => [`Your proposal "${s('title')}" is public again`, `Reason: ${s('reason')}.`],
    proposal_published: (p, s) => [`Your proposal "${s('title')}" is published`, 'Everyone can now see it and vote.'],
    proposal_rejected: (p, s) => [`Your proposal "${s('title')}" was not published`, `Reason: ${s('reason')}.`],
    proposal_status: (p, s) => [
      `Your proposal "${s('title')}" is now ${s('status')}`,
      p.answer ? `The city's answer:\n\n${s('answer')}` : `Its status is now: ${s('status')}.`,
    ],
    proposal_duplicate: (p, s) => [
      `Your proposal "${s('title')}" was closed as a duplicate`,
      `It joins "${s('original_title')}", where you can vote: ${s('original_url')}`,
    ],
    report_outcome: (p, s) => [
      `Your report on "${s('title')}"`,
      p.outcome === 'upheld'
        ? `Thank you: the ${p.target === 'comment' ? 'comment' : 'proposal'} you reported was hidden.`
        : `Thank you: after review, the ${p.target === 'comment' ? 'comment' : 'proposal'} you reported stays public.`,
    ],
  },
  fr: {
    proposal_hidden: (p, s) => [
      `Votre proposition « ${s('title')} » a été masquée`,
      `Elle n’est plus publique. Motif : ${s('reason')}.`,
    ],
    proposal_restored: (p, s) => [
      `Votre proposition « ${s('title')} » est de nouveau publique`,
      `Motif : ${s('reason')}.`,
    ],
    proposal_published: (p, s) => [
      `Votre proposition « ${s('title')} » est publiée`,
      'Tout le monde peut maintenant la voir et voter.',
    ],
    proposal_rejected: (p, s) => [`Votre proposition « ${s('title')} » n’a pas été publiée`, `Motif : ${s('reason')}.`],
    proposal_status: (p, s) => [
      `Votre proposition « ${s('title')} » est maintenant ${s('status')}`,
      p.answer ? `La réponse de la ville :\n\n${s('answer')}` : `Son statut est maintenant : ${s('status')}.`,
    ],
    proposal_duplicate: (p, s) => [
      `Votre proposition « ${s('title')} » a été fermée comme doublon`,
      `Elle rejoint « ${s('original_title')} », où vous pouvez voter : ${s('original_url')}`,
    ],
    report_outcome: (p, s) => [
      `Votre signalement sur « ${s('title')} »`,
      p.outcome === 'upheld'
        ? `Merci : ${p.target === 'comment' ? 'le commentaire signalé a été masqué' : 'la proposition signalée a été masquée'}.`
        : `Merci : après examen, ${p.target === 'comment' ? 'le commentaire signalé reste public' : 'la proposition signalée reste publique'}.`,
    ],
  },
};

const SIGNATURE: Record<MailLocale, string> = {
  en: 'See it on the map: {url}\n\n— The moderation team of your district',
  fr: 'Voir sur la carte : {url}\n\n— L’équipe de modération de votre quartier',
};

export interface RenderedMail {
  subject: string;
  text: string;
}

/** Subject and plain-text body of one outbox entry; null for a kind this version does not know. */
export function renderMail(entry: OutboxEntry, locale: MailLocale, siteUrl: string): RenderedMail | null {
  const text = TEXTS[locale][entry.kind];
  if (!text) return null;
  const link = (id: unknown) => new URL(`/?p=${String(id)}`, siteUrl).href;
  const p = entry.payload;
  const s = (key: string): string => {
    if (key === 'status') return STATUS[locale][String(p.status)] ?? String(p.status);
    if (key === 'reason') return REASON[locale][String(p.reason)] ?? String(p.reason ?? '');
    if (key === 'original_url') return link(p.original_id);
    return String(p[key] ?? '');
  };
  const [subject, body] = text(p, s);
  const footer = entry.proposalId === null ? '' : `\n\n${SIGNATURE[locale].replace('{url}', link(entry.proposalId))}`;
  return { subject, text: `${body}${footer}\n` };
}
