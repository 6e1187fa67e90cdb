import { numberToHangul, susa } from "es-hangul";

/**
 * Korean counts things with native numbers in their counting form (한 잔, 두 개, 스무 명),
 * but reads most other numbers the Sino-Korean way (삼 번, 오 층). Learners mix them up.
 */

/** Counters that take native numbers. */
export const NATIVE_COUNTERS = ["잔", "개", "명", "장", "병", "마리", "살", "권", "대", "벌", "사람", "시간", "그릇", "송이"] as const;

/**
 * Units read with Sino-Korean numbers (오 일, 삼 층, 이십칠 번 게이트): a native number before
 * them is an error. 번 is Sino only as a label (27번 게이트); 두 번 ("twice") is native.
 */
export const SINO_UNITS = ["일", "층", "월", "년", "개월", "박", "호", "호선", "원", "인분", "초", "번"] as const;
export const LABEL_UNIT = "번";

/** Units a number makes a length of time with (오 일, 삼 주, 두 달): they fill a duration slot. */
export const DURATION_UNITS = ["일", "주", "주일", "달", "개월", "박", "년", "시간", "분"] as const;

/** Hours are native (두 시), though 시 counts nothing: digits before it read natively too. */
export const NATIVE_UNITS = ["시"] as const;

const SINO_DIGITS = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"] as const;

/** Sino-Korean words for 1-99 (일, 이, ..., 구십구). */
export function sino(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? "" : `${tens === 1 ? "" : SINO_DIGITS[tens]}십`;
  return `${tensPart}${SINO_DIGITS[ones]}`;
}

export interface NumberWord {
  value: number;
  form: "counting" | "full" | "sino";
}

const NUMBER_WORDS = new Map<string, NumberWord>();
for (let n = 1; n <= 99; n += 1) {
  NUMBER_WORDS.set(susa(n, true), { value: n, form: "counting" });
  const full = susa(n, false);
  if (!NUMBER_WORDS.has(full)) NUMBER_WORDS.set(full, { value: n, form: "full" });
  if (!NUMBER_WORDS.has(sino(n))) NUMBER_WORDS.set(sino(n), { value: n, form: "sino" });
}

export function numberWord(word: string): NumberWord | undefined {
  return NUMBER_WORDS.get(word);
}

/** The form to use before a native counter: 한, 두, 세, 네, 다섯, ..., 스무. */
export function countingForm(value: number): string {
  return susa(value, true);
}

/** All number words, longest first (for prefix matching). */
export const NUMBER_WORD_LIST: readonly string[] = [...NUMBER_WORDS.keys()].sort((a, b) => b.length - a.length);

export function isNativeCounter(word: string): boolean {
  return (NATIVE_COUNTERS as readonly string[]).includes(word);
}

/** Digits before a native counter or unit, longest first (2시간 is 두 시간, not 두 시 + 간). */
const DIGITS_BEFORE_COUNTER = new RegExp(
  `(\\d{1,2})\\s*(${[...NATIVE_COUNTERS, ...NATIVE_UNITS].sort((a, b) => b.length - a.length).join("|")})`,
  "gu",
);

/** Reads digits as Korean: before a native counter in counting form (2잔 -> 두 잔), else Sino. */
export function readDigits(text: string): string {
  if (!/\d/u.test(text)) return text;
  const withCounters = text.replace(DIGITS_BEFORE_COUNTER, (whole, digits: string, counter: string) => {
    const value = Number(digits);
    return value >= 1 && value <= 99 ? `${countingForm(value)} ${counter}` : whole;
  });
  return withCounters.replace(/\d+/gu, (digits) => (Number(digits) === 0 ? "영" : numberToHangul(Number(digits))));
}

/** Units learners swap: 몇 시간 (how many hours) for 몇 시 (what time), 몇 개 for 몇 번 (which number). */
export const CONFUSED_UNITS: ReadonlyArray<readonly [used: string, meant: string]> = [
  ["시간", "시"],
  ["개", "번"],
];
