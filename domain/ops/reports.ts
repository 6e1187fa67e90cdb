import type { LearnerLang } from "../learners/learner.ts";
import { daysBetween, type OpsFilter } from "./opsFilter.ts";

/**
 * The operator console's reports, assembled from what the database counted (services/ops).
 * The queries count; this file fills the days nobody came, derives rates, keeps the few
 * error types and answers worth showing, and sets spend against the budget.
 */

/** One day's counts as queried; a day without rows is absent. */
export interface DailyRow {
  day: string;
  sessions: number;
  learners: number;
  turns: number;
  passes: number;
  lessonsCompleted: number;
  peakConcurrent: number;
}

export interface ActivityRow {
  activityId: string;
  lessonId: string | null;
  turns: number;
  passes: number;
  /** Mean attempt number of the passing turns (1: passed at the first try). */
  meanAttemptsToPass: number | null;
}

export interface ErrorRow {
  activityId: string;
  lang: LearnerLang;
  errorType: string;
  count: number;
}

export interface FailedAnswerRow {
  activityId: string;
  answer: string;
  count: number;
  errorType: string;
}

export interface LessonRow {
  lessonId: string;
  completed: number;
  medianSeconds: number | null;
}

export interface LearningTotals {
  sessions: number;
  learners: number;
  turns: number;
  passRate: number | null;
  lessonsCompleted: number;
  peakConcurrent: number;
}

export interface LearningCounts {
  totals: Omit<LearningTotals, "passRate" | "peakConcurrent"> & { passes: number };
  daily: DailyRow[];
  activities: ActivityRow[];
  errors: ErrorRow[];
  failedAnswers: FailedAnswerRow[];
  lessons: LessonRow[];
}

export interface LearningReport {
  filter: OpsFilter;
  totals: LearningTotals;
  daily: Array<Omit<DailyRow, "passes"> & { passRate: number | null }>;
  activities: Array<ActivityRow & { passRate: number | null }>;
  /** Per activity and learner language, its most common error types among failed turns. */
  errors: Array<ErrorRow & { share: number }>;
  failedAnswers: FailedAnswerRow[];
  lessons: LessonRow[];
}

/** Error types kept per activity and language: the ones a teacher acts on. */
export const ERRORS_PER_GROUP = 3;

/** A share rounded to 4 decimals, or null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function emptyDay(day: string): DailyRow {
  return { day, sessions: 0, learners: 0, turns: 0, passes: 0, lessonsCompleted: 0, peakConcurrent: 0 };
}

function topErrors(rows: readonly ErrorRow[]): LearningReport["errors"] {
  const groups = new Map<string, ErrorRow[]>();
  for (const row of rows) {
    const key = `${row.activityId}\u0000${row.lang}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].flatMap((group) => {
    const failed = group.reduce((sum, row) => sum + row.count, 0);
    return [...group]
      .sort((a, b) => b.count - a.count || a.errorType.localeCompare(b.errorType))
      .slice(0, ERRORS_PER_GROUP)
      .map((row) => ({ ...row, share: rate(row.count, failed) ?? 0 }));
  });
}

export function learningReport(filter: OpsFilter, counts: LearningCounts): LearningReport {
  const byDay = new Map(counts.daily.map((row) => [row.day, row]));
  const daily = daysBetween(filter.from, filter.to).map((day) => {
    const { passes, ...row } = byDay.get(day) ?? emptyDay(day);
    return { ...row, passRate: rate(passes, row.turns) };
  });
  const { passes, ...totals } = counts.totals;
  return {
    filter,
    totals: { ...totals, passRate: rate(passes, totals.turns), peakConcurrent: Math.max(0, ...daily.map((row) => row.peakConcurrent)) },
    daily,
    activities: counts.activities.map((row) => ({ ...row, passRate: rate(row.passes, row.turns) })),
    errors: topErrors(counts.errors),
    failedAnswers: counts.failedAnswers,
    lessons: counts.lessons,
  };
}

export interface LatencyRow {
  turns: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface ProviderCallsRow {
  providerType: string;
  providerName: string;
  calls: number;
  failures: number;
}

export interface TutorHealthCounts {
  latency: LatencyRow;
  /** Turns the rules were unsure of (the LLM was to be asked). */
  llmAsked: number;
  /** Turns an LLM's opinion decided. */
  llmDecided: number;
  /** Of those, turns where the LLM's pass/fail was the rules' own. */
  llmAgreed: number;
  fallbacks: Array<{ reason: string; count: number }>;
  providers: ProviderCallsRow[];
  errors: Array<{ providerType: string; errorCode: string; count: number }>;
}

export interface TutorHealthReport extends Omit<TutorHealthCounts, "providers"> {
  filter: OpsFilter;
  llmAskedShare: number | null;
  llmAgreement: number | null;
  providers: Array<ProviderCallsRow & { errorRate: number | null }>;
}

export function tutorHealthReport(filter: OpsFilter, counts: TutorHealthCounts): TutorHealthReport {
  return {
    filter,
    ...counts,
    llmAskedShare: rate(counts.llmAsked, counts.latency.turns),
    llmAgreement: rate(counts.llmAgreed, counts.llmDecided),
    providers: counts.providers.map((row) => ({ ...row, errorRate: rate(row.failures, row.calls) })),
  };
}

export interface CostRow {
  day: string;
  providerType: string;
  providerName: string;
  calls: number;
  costUsd: number;
}

export interface AiCostReport {
  filter: OpsFilter;
  budgetUsd: number;
  totalUsd: number;
  /** Every day of the range: its spend, and that spend as a share of the daily budget. */
  days: Array<{ day: string; costUsd: number; budgetShare: number | null }>;
  byProvider: CostRow[];
}

/** Dollars to a millionth, the precision the usage log stores. */
const usd = (value: number) => Math.round(value * 1e6) / 1e6;

export function aiCostReport(filter: OpsFilter, budgetUsd: number, rows: readonly CostRow[]): AiCostReport {
  const perDay = new Map<string, number>();
  for (const row of rows) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.costUsd);
  const days = daysBetween(filter.from, filter.to).map((day) => {
    const costUsd = usd(perDay.get(day) ?? 0);
    return { day, costUsd, budgetShare: rate(costUsd, budgetUsd) };
  });
  return { filter, budgetUsd, totalUsd: usd(days.reduce((sum, row) => sum + row.costUsd, 0)), days, byProvider: [...rows] };
}
