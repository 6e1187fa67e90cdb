import path from "node:path";
import { z } from "zod";
import { loadYamlFile } from "../../content/yamlFile.ts";

const tokens = z.object({ inputPerMillionTokens: z.number().min(0), outputPerMillionTokens: z.number().min(0) });
const characters = z.object({ perMillionCharacters: z.number().min(0) });
const minutes = z.object({ perMinute: z.number().min(0) });
const byModel = <T extends z.ZodType>(price: T) => z.record(z.string(), z.record(z.string(), price));

export const priceTableSchema = z.object({
  eval: byModel(tokens).default({}),
  tts: byModel(characters).default({}),
  stt: byModel(minutes).default({}),
});
export type PriceTableData = z.infer<typeof priceTableSchema>;

export const DEFAULT_PRICES_FILE = path.resolve(import.meta.dirname, "../../../config/ai-prices.yaml");

export interface UsageFigures {
  tokensIn?: number | undefined;
  tokensOut?: number | undefined;
  characters?: number | undefined;
  audioDurationMs?: number | undefined;
}

/** Turns usage into an estimated cost in USD from the configured price table. */
export class PriceTable {
  readonly #data: PriceTableData;

  constructor(data: PriceTableData) {
    this.#data = data;
  }

  static async load(file: string = DEFAULT_PRICES_FILE): Promise<PriceTable> {
    return new PriceTable(await loadYamlFile(file, priceTableSchema));
  }

  #price<T>(table: Record<string, Record<string, T>>, provider: string, model: string | null | undefined): T | undefined {
    const models = table[provider];
    if (!models) return undefined;
    if (model && models[model]) return models[model];
    // Voice names carry their family: ko-KR-Neural2-A -> Neural2.
    const family = model ? Object.keys(models).find((key) => key !== "default" && model.includes(key)) : undefined;
    return models[family ?? "default"];
  }

  estimate(type: "eval" | "tts" | "stt", provider: string, model: string | null | undefined, usage: UsageFigures): number {
    let cost = 0;
    if (type === "eval") {
      const price = this.#price(this.#data.eval, provider, model);
      if (price) cost = ((usage.tokensIn ?? 0) * price.inputPerMillionTokens + (usage.tokensOut ?? 0) * price.outputPerMillionTokens) / 1e6;
    } else if (type === "tts") {
      const price = this.#price(this.#data.tts, provider, model);
      if (price) cost = ((usage.characters ?? 0) * price.perMillionCharacters) / 1e6;
    } else {
      const price = this.#price(this.#data.stt, provider, model);
      if (price) cost = ((usage.audioDurationMs ?? 0) / 60_000) * price.perMinute;
    }
    return Math.round(cost * 1e6) / 1e6;
  }
}
