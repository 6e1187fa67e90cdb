import { html, type TemplateResult } from "lit-html";
import type { AiCostReport, LearningReport, TutorHealthReport } from "../../../domain/ops/reports.ts";
import { dailyChart } from "./charts.ts";
import { fmt, table, tile } from "./ui.ts";

/** The Learning, Tutor health and AI cost pages: figures, a uPlot chart, and tables. */

type Row<K extends keyof LearningReport> = LearningReport[K] extends Array<infer R> ? R : never;

export function learningView(report: LearningReport): TemplateResult {
  const { totals, daily } = report;
  const days = daily.map((d) => d.day);
  return html`<div class="figures">
      ${tile("sessions", "Sessions", fmt.int(totals.sessions))} ${tile("learners", "Unique learners", fmt.int(totals.learners))}
      ${tile("peak", "Peak concurrent", fmt.int(totals.peakConcurrent))} ${tile("turns", "Turns", fmt.int(totals.turns))}
      ${tile("passRate", "Pass rate", fmt.pct(totals.passRate))} ${tile("completed", "Lessons completed", fmt.int(totals.lessonsCompleted))}
    </div>
    <figure class="chart" aria-label="Sessions, learners and turns per day"
      ${dailyChart({ days, series: [
        { label: "sessions", values: daily.map((d) => d.sessions), stroke: "#2f5d50" },
        { label: "learners", values: daily.map((d) => d.learners), stroke: "#e07a5f" },
        { label: "peak concurrent", values: daily.map((d) => d.peakConcurrent), stroke: "#6c5ce7" },
        { label: "turns", values: daily.map((d) => d.turns), stroke: "#f2b84b" },
      ] })}></figure>
    ${table<Row<"daily">>("daily", "Per day", [
      { key: "day", label: "Day", value: (r) => r.day },
      { key: "sessions", label: "Sessions", value: (r) => r.sessions },
      { key: "learners", label: "Learners", value: (r) => r.learners },
      { key: "peakConcurrent", label: "Peak concurrent", value: (r) => r.peakConcurrent },
      { key: "turns", label: "Turns", value: (r) => r.turns },
      { key: "passRate", label: "Pass rate", value: (r) => r.passRate, show: (r) => fmt.pct(r.passRate) },
      { key: "lessonsCompleted", label: "Lessons completed", value: (r) => r.lessonsCompleted },
    ], daily)}
    ${table<Row<"activities">>("activities", "Activities", [
      { key: "lessonId", label: "Lesson", value: (r) => r.lessonId },
      { key: "activityId", label: "Activity", value: (r) => r.activityId },
      { key: "turns", label: "Turns", value: (r) => r.turns },
      { key: "passRate", label: "Pass rate", value: (r) => r.passRate, show: (r) => fmt.pct(r.passRate) },
      { key: "meanAttemptsToPass", label: "Attempts to pass", value: (r) => r.meanAttemptsToPass, show: (r) => fmt.num(r.meanAttemptsToPass) },
    ], report.activities)}
    ${table<Row<"errors">>("errors", "Most common errors per activity and learner language", [
      { key: "activityId", label: "Activity", value: (r) => r.activityId },
      { key: "lang", label: "Language", value: (r) => r.lang },
      { key: "errorType", label: "Error type", value: (r) => r.errorType },
      { key: "count", label: "Failed turns", value: (r) => r.count },
      { key: "share", label: "Share of failures", value: (r) => r.share, show: (r) => fmt.pct(r.share) },
    ], report.errors, "Among failed turns; the three most common types per activity and language.")}
    ${table<Row<"failedAnswers">>("failedAnswers", "Answers that failed most often", [
      { key: "activityId", label: "Activity", value: (r) => r.activityId },
      { key: "answer", label: "Answer", value: (r) => r.answer },
      { key: "count", label: "Times", value: (r) => r.count },
      { key: "errorType", label: "Usual error", value: (r) => r.errorType },
    ], report.failedAnswers)}
    ${table<Row<"lessons">>("lessons", "Lessons completed", [
      { key: "lessonId", label: "Lesson", value: (r) => r.lessonId },
      { key: "completed", label: "Completed", value: (r) => r.completed },
      { key: "medianSeconds", label: "Median time", value: (r) => r.medianSeconds, show: (r) => fmt.minutes(r.medianSeconds) },
    ], report.lessons, "Time from the learner's latest start of the lesson to its completion.")}`;
}

export function healthView(report: TutorHealthReport): TemplateResult {
  const { latency } = report;
  return html`<div class="figures">
      ${tile("turns", "Evaluated turns", fmt.int(latency.turns))} ${tile("p50", "Feedback p50", fmt.ms(latency.p50))}
      ${tile("p95", "Feedback p95", fmt.ms(latency.p95))} ${tile("p99", "Feedback p99", fmt.ms(latency.p99))}
      ${tile("llmAskedShare", "Turns the LLM was asked", fmt.pct(report.llmAskedShare))}
      ${tile("llmAgreement", "LLM agrees with the rules", fmt.pct(report.llmAgreement))}
    </div>
    ${table("latency", "Feedback latency", [
      { key: "percentile", label: "Percentile", value: (r: { p: string; v: number | null }) => r.p },
      { key: "ms", label: "Latency", value: (r) => r.v, show: (r) => fmt.ms(r.v) },
    ], [{ p: "p50", v: latency.p50 }, { p: "p90", v: latency.p90 }, { p: "p95", v: latency.p95 }, { p: "p99", v: latency.p99 }, { p: "max", v: latency.max }])}
    ${table("fallbacks", "Fallbacks to the rule verdict", [
      { key: "reason", label: "Why the LLM's opinion was not used", value: (r: TutorHealthReport["fallbacks"][number]) => r.reason },
      { key: "count", label: "Turns", value: (r) => r.count },
    ], report.fallbacks)}
    ${table("providers", "AI providers", [
      { key: "providerType", label: "Kind", value: (r: TutorHealthReport["providers"][number]) => r.providerType },
      { key: "providerName", label: "Provider", value: (r) => r.providerName },
      { key: "calls", label: "Calls", value: (r) => r.calls },
      { key: "failures", label: "Failures", value: (r) => r.failures },
      { key: "errorRate", label: "Error rate", value: (r) => r.errorRate, show: (r) => fmt.pct(r.errorRate) },
    ], report.providers, "From the AI usage log; filtered by day only.")}
    ${table("providerErrors", "Provider errors (TTS, STT, evaluation)", [
      { key: "providerType", label: "Kind", value: (r: TutorHealthReport["errors"][number]) => r.providerType },
      { key: "errorCode", label: "Error", value: (r) => r.errorCode },
      { key: "count", label: "Calls", value: (r) => r.count },
    ], report.errors)}`;
}

export function costView(report: AiCostReport): TemplateResult {
  return html`<div class="figures">
      ${tile("totalUsd", "Spend in range", fmt.usd(report.totalUsd))} ${tile("budgetUsd", "Daily budget", fmt.usd(report.budgetUsd))}
      ${tile("maxShare", "Highest day vs budget", fmt.pct(Math.max(0, ...report.days.map((d) => d.budgetShare ?? 0))))}
    </div>
    <figure class="chart" aria-label="AI spend per day against the budget"
      ${dailyChart({ days: report.days.map((d) => d.day), bars: true, series: [{ label: "spend (USD)", values: report.days.map((d) => d.costUsd), stroke: "#2f5d50" }], limit: { label: "daily budget", value: report.budgetUsd } })}></figure>
    ${table("costDays", "Per day", [
      { key: "day", label: "Day", value: (r: AiCostReport["days"][number]) => r.day },
      { key: "costUsd", label: "Spend", value: (r) => r.costUsd, show: (r) => fmt.usd(r.costUsd) },
      { key: "budgetShare", label: "Of budget", value: (r) => r.budgetShare, show: (r) => fmt.pct(r.budgetShare) },
    ], report.days)}
    ${table("costProviders", "Per day and provider", [
      { key: "day", label: "Day", value: (r: AiCostReport["byProvider"][number]) => r.day },
      { key: "providerType", label: "Kind", value: (r) => r.providerType },
      { key: "providerName", label: "Provider", value: (r) => r.providerName },
      { key: "calls", label: "Calls", value: (r) => r.calls },
      { key: "costUsd", label: "Spend", value: (r) => r.costUsd, show: (r) => fmt.usd(r.costUsd) },
    ], report.byProvider, "Estimated from the price table (AI_PRICES_FILE).")}`;
}
