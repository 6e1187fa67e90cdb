/**
 * Which characters of the correction are new or changed against what the learner wrote: the
 * correction split into runs, each marked changed or kept (a longest common subsequence of
 * characters, so 서울에서 가요 -> 서울에 가요 keeps 서울에 and 가요).
 */

export interface Run {
  text: string;
  changed: boolean;
}

export function changedRuns(answer: string, correction: string): Run[] {
  const a = [...answer];
  const b = [...correction];
  // lengths[i][j]: common subsequence length of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const runs: Run[] = [];
  const push = (ch: string, changed: boolean) => {
    const last = runs.at(-1);
    if (last && last.changed === changed) last.text += ch;
    else runs.push({ text: ch, changed });
  };
  let i = 0;
  let j = 0;
  while (j < b.length) {
    if (i < a.length && a[i] === b[j]) {
      push(b[j++]!, false);
      i++;
    } else if (i < a.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    // An added space alone is not worth marking.
    else push(b[j]!, b[j++] !== " ");
  }
  return runs;
}
