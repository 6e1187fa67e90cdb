import { z } from "zod";

/** Building blocks for environment schemas: empty variables count as unset. */

export const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export function optionalNumber(schema: z.ZodNumber) {
  return z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().pipe(schema).optional());
}

export const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((value) => value === "true" || value === "1" || value === "yes");
