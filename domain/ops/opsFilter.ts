import { z } from "zod";
import { learnerLangSchema, type LearnerLang } from "../learners/learner.ts";

/**
 * What an operator report is about: a range of UTC days (both ends included), and optionally one
 * scene, one lesson and one learner language. Every report of the console takes one.
 */
export interface OpsFilter {
  /** First day, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day, included. */
  to: string;
  scene?: string | undefined;
  lessonId?: string | undefined;
  lang?: LearnerLang | undefined;
}

/** The longest range a report covers: a year of days. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;
const day = z.iso.date();
const name = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "lowercase letters, digits, '.', '_' or '-', up to 64");

/** The query string of a report; `from`/`to` default to the last 7 days ending `today`. */
export function opsFilterSchema(today: string) {
  return z
    .strictObject({
      from: day.optional(),
      to: day.optional(),
      scene: name.optional(),
      lessonId: name.optional(),
      lang: learnerLangSchema.optional(),
    })
    .transform((query) => {
      const to = query.to ?? today;
      const from = query.from ?? addDays(to, -6);
      return { ...query, from, to };
    })
    .refine((filter) => filter.from <= filter.to, { message: "from must not be after to", path: ["from"] })
    .refine((filter) => daysBetween(filter.from, filter.to).length <= MAX_REPORT_DAYS, {
      message: `a report covers at most ${MAX_REPORT_DAYS} days`,
      path: ["from"],
    });
}

export function addDays(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let current = from; current <= to && days.length <= MAX_REPORT_DAYS; current = addDays(current, 1)) days.push(current);
  return days;
}

/** The half-open time range [start, end) the filter's days cover. */
export function filterRange(filter: Pick<OpsFilter, "from" | "to">): { start: Date; end: Date } {
  return { start: new Date(`${filter.from}T00:00:00Z`), end: new Date(`${addDays(filter.to, 1)}T00:00:00Z`) };
}
