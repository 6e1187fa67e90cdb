import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { learnerLangSchema, type LearnerLang } from "../domain/learners/learner.ts";

/**
 * Regions as data (config/regions.yaml): the instruction languages a deployment offers (the
 * first is the default), the lessons that are on, and where its data lives. `REGION` picks
 * one at start; its data settings are defaults that the environment overrides.
 */

export const DEFAULT_REGIONS_FILE = new URL("./regions.yaml", import.meta.url);

const regionSchema = z.strictObject({
  name: z.string().trim().min(1),
  languages: z
    .array(learnerLangSchema)
    .min(1)
    .refine((langs) => new Set(langs).size === langs.length, "a language is listed twice"),
  lessons: z.union([z.literal("all"), z.array(z.string().trim().min(1)).min(1)]),
  data: z.strictObject({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name"),
    s3Region: z.string().trim().min(1).optional(),
    databaseUrlEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name").optional(),
  }),
});

const regionsFileSchema = z.strictObject({
  regions: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "a region id: lower-case letters, digits, -"), regionSchema),
});

export interface Region {
  readonly id: string;
  readonly name: string;
  /** Offered in this order; the first is a learner's default. */
  readonly languages: readonly LearnerLang[];
  /** The lesson ids that are on, or every lesson. */
  readonly lessons: "all" | readonly string[];
}

/** The region's definition, or the problems that stop the server (a missing file, a bad field, an unknown id). */
export function readRegions(file: URL | string = DEFAULT_REGIONS_FILE): { ok: true; regions: z.infer<typeof regionsFileSchema>["regions"] } | { ok: false; problems: string[] } {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { ok: false, problems: [`REGIONS_FILE: cannot read ${String(file)}: ${(error as Error).message}`] };
  }
  const parsed = regionsFileSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => `regions file ${issue.path.join(".")}: ${issue.message}`) };
  return { ok: true, regions: parsed.data.regions };
}

export type RegionChoice = { ok: true; region: Region; defaults: Record<string, string> } | { ok: false; problems: string[] };

/**
 * The region `id` names, and the environment defaults its data location implies (S3_BUCKET,
 * S3_REGION, DATABASE_URL from the variable it names), for variables the environment leaves unset.
 */
export function chooseRegion(id: string, source: NodeJS.ProcessEnv, file?: URL | string): RegionChoice {
  const read = readRegions(file);
  if (!read.ok) return read;
  const found = read.regions[id];
  if (!found) return { ok: false, problems: [`REGION: "${id}" is not defined; the regions are ${Object.keys(read.regions).join(", ")}`] };
  const { data } = found;
  const wanted: Record<string, string | undefined> = {
    S3_BUCKET: data.bucket,
    S3_REGION: data.s3Region,
    DATABASE_URL: data.databaseUrlEnv ? source[data.databaseUrlEnv] : undefined,
  };
  const unset = (name: string) => (source[name] ?? "").trim() === "";
  const defaults = Object.fromEntries(Object.entries(wanted).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "" && unset(entry[0])));
  return { ok: true, region: { id, name: found.name, languages: found.languages, lessons: found.lessons }, defaults };
}
