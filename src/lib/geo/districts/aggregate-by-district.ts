import type {
  AggregateFilters,
  AggregateProposal,
  AggregateVote,
  AggregationResult,
  DistrictSummary,
  IntegrityOptions,
  ProposalRow,
  VoteBurst,
} from './aggregate-types.ts';
import { assignDistrictIndices } from './assign-district-indices.ts';
import { buildDistrictIndex } from './build-district-index.ts';
import { districtLabel } from './district-label.ts';
import type { DistrictIndex, DistrictLayer } from './types.ts';

const HOUR = 3_600_000;

function passes(p: AggregateProposal, f: AggregateFilters): boolean {
  if (f.categories && f.categories.length > 0 && !f.categories.includes(p.category ?? '')) return false;
  if (f.statuses && f.statuses.length > 0 && !f.statuses.includes(p.status ?? '')) return false;
  if (f.from || f.to) {
    const t = p.createdAt ? Date.parse(p.createdAt) : NaN;
    if (Number.isNaN(t)) return false;
    if (f.from && t < Date.parse(f.from)) return false;
    if (f.to && t >= Date.parse(f.to)) return false;
  }
  return true;
}

/** Windows of at least `min` votes within `windowMs`, non-overlapping, earliest first. */
function bursts(proposalId: number | string, times: number[], min: number, windowMs: number): VoteBurst[] {
  const sorted = [...times].sort((a, b) => a - b);
  const found: VoteBurst[] = [];
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! > windowMs) start += 1;
    if (end - start + 1 >= min) {
      let last = end;
      while (last + 1 < sorted.length && sorted[last + 1]! - sorted[start]! <= windowMs) last += 1;
      found.push({ proposalId, votes: last - start + 1, start: new Date(sorted[start]!).toISOString() });
      start = last + 1;
      end = last;
    }
  }
  return found;
}

/**
 * Per-district summary of a consultation over any district layer. Proposals are filtered
 * (category, status, creation date), placed by the index (same rule as the database), and
 * counted with their votes. With `votes`, agree/disagree come from them and participants are
 * the distinct authors and voters; without, from the proposals' counters and authors only.
 * Inputs are never mutated; voter keys are used for counting and never returned.
 */
export function aggregateByDistrict(
  proposals: readonly AggregateProposal[],
  votes: readonly AggregateVote[] | null,
  layer: DistrictLayer,
  filters: AggregateFilters = {},
  options: IntegrityOptions & { index?: DistrictIndex; onProgress?: (done: number, total: number) => void } = {},
): AggregationResult {
  const index = options.index ?? buildDistrictIndex(layer);
  const kept = proposals.filter((p) => passes(p, filters));
  const lngs = new Float64Array(kept.length);
  const lats = new Float64Array(kept.length);
  kept.forEach((p, i) => {
    lngs[i] = p.lng;
    lats[i] = p.lat;
  });
  const placed = assignDistrictIndices(index, lngs, lats, options.onProgress);

  const youngMs = options.youngAccountMs ?? 24 * HOUR;
  const summaries: DistrictSummary[] = layer.features.map((_, d) => ({
    index: d,
    ...districtLabel(layer, d),
    proposals: 0,
    agree: 0,
    disagree: 0,
    net: 0,
    participants: 0,
    participantsPer1000: null,
    byCategory: {},
    topProposals: [],
    integrity: {
      votesWithAccountAge: 0,
      votesFromYoungAccounts: 0,
      youngAccountShare: null,
      bursts: [],
      flagged: false,
    },
  }));
  const people = summaries.map(() => new Set<string>());
  const rows: ProposalRow[] = [];
  const rowById = new Map<number | string, number>();
  let outside = 0;
  kept.forEach((p, i) => {
    const d = placed[i]!;
    const agree = votes ? 0 : (p.agreeCount ?? 0);
    const disagree = votes ? 0 : (p.disagreeCount ?? 0);
    rowById.set(p.id, rows.length);
    rows.push({
      id: p.id,
      title: p.title ?? '',
      lng: p.lng,
      lat: p.lat,
      district: d < 0 ? null : d,
      category: p.category ?? null,
      status: p.status ?? null,
      createdAt: p.createdAt ?? null,
      agree,
      disagree,
      net: agree - disagree,
      comments: p.commentCount ?? null,
    });
    if (d < 0) {
      outside += 1;
      return;
    }
    const s = summaries[d]!;
    s.proposals += 1;
    const category = p.category ?? '';
    s.byCategory[category] = (s.byCategory[category] ?? 0) + 1;
    if (p.authorKey) people[d]!.add(p.authorKey);
  });

  const times = new Map<number, number[]>();
  for (const v of votes ?? []) {
    const r = rowById.get(v.proposalId);
    if (r === undefined) continue;
    const row = rows[r]!;
    if (v.value === 'agree') row.agree += 1;
    else row.disagree += 1;
    row.net = row.agree - row.disagree;
    if (row.district === null) continue;
    const s = summaries[row.district]!;
    if (v.voterKey) people[row.district]!.add(v.voterKey);
    const cast = v.createdAt ? Date.parse(v.createdAt) : NaN;
    const born = v.voterAccountCreatedAt ? Date.parse(v.voterAccountCreatedAt) : NaN;
    if (typeof v.voterYoung === 'boolean') {
      s.integrity.votesWithAccountAge += 1;
      if (v.voterYoung) s.integrity.votesFromYoungAccounts += 1;
    } else if (!Number.isNaN(cast) && !Number.isNaN(born)) {
      s.integrity.votesWithAccountAge += 1;
      if (cast - born < youngMs) s.integrity.votesFromYoungAccounts += 1;
    }
    if (!Number.isNaN(cast)) {
      const list = times.get(r);
      if (list) list.push(cast);
      else times.set(r, [cast]);
    }
  }

  const topCount = options.topCount ?? 5;
  const tops = summaries.map(() => [] as ProposalRow[]);
  for (const row of rows) {
    if (row.district === null) continue;
    const s = summaries[row.district]!;
    s.agree += row.agree;
    s.disagree += row.disagree;
    tops[row.district]!.push(row);
  }
  for (const [r, list] of times) {
    const row = rows[r]!;
    const found = bursts(row.id, list, options.burstVotes ?? 20, options.burstWindowMs ?? 600_000);
    if (row.district !== null) summaries[row.district]!.integrity.bursts.push(...found);
  }
  summaries.forEach((s, d) => {
    s.net = s.agree - s.disagree;
    s.participants = people[d]!.size;
    s.participantsPer1000 = s.population === null ? null : (s.participants * 1000) / s.population;
    s.topProposals = tops[d]!.sort(
      (a, b) => b.net - a.net || b.agree - a.agree || String(a.id).localeCompare(String(b.id)),
    )
      .slice(0, topCount)
      .map(({ id, title, agree, disagree, net }) => ({ id, title, agree, disagree, net }));
    const it = s.integrity;
    it.youngAccountShare = it.votesWithAccountAge === 0 ? null : it.votesFromYoungAccounts / it.votesWithAccountAge;
    it.flagged = it.bursts.length > 0 || (it.youngAccountShare ?? 0) > (options.youngShareFlag ?? 0.3);
  });
  return { districts: summaries, outside, proposals: rows, fromVotes: votes !== null, filters: { ...filters } };
}
