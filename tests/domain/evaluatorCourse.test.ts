import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../domain/catalog.ts";
import { evaluateAnswer } from "../../domain/evaluator/evaluateAnswer.ts";
import type { Lexicon } from "../../domain/evaluator/lexicon.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { loadLexicon } from "../../services/content/loadLexicon.ts";

// What the course's lessons ask of the evaluator beyond the first two: number systems by unit,
// answers that say the opposite, tense, offers, objects, places and times, and the forms A2
// learners use (-(으)ㄹ까요, -아/어도 돼요, 안).

let catalog: Catalog;
let lexicon: Lexicon;
beforeAll(async () => {
  [catalog, lexicon] = await Promise.all([loadCatalog(CONTENT_DIR), loadLexicon(CONTENT_DIR)]);
});

function judge(activityId: string, text: string, spoken = false) {
  const entry = catalog.activity(activityId);
  if (!entry) throw new Error(`no activity ${activityId}`);
  return evaluateAnswer(entry.activity, { text, spoken }, lexicon);
}

function expectFails(cases: ReadonlyArray<readonly [string, string, string, string]>) {
  for (const [activity, text, type, correction] of cases) {
    const verdict = judge(activity, text);
    expect(verdict.pass, text).toBe(false);
    expect(verdict.errorType, text).toBe(type);
    expect(verdict.correction?.replace(/[ ,.?]/g, ""), text).toBe(correction.replace(/[ ,.?]/g, ""));
    expect(judge(activity, verdict.correction!).pass, `${text} -> ${verdict.correction}`).toBe(true);
  }
}

describe("number systems", () => {
  it("wants Sino-Korean numbers for days, labels and months, native ones for hours", () => {
    expectFails([
      ["airport.boarding.way", "스물일곱 번 게이트가 어디예요", "counter", "이십칠 번 게이트가 어디예요"],
      ["airport.immigration.days", "다섯 일 있을 거예요", "counter", "오 일 있을 거예요"],
      ["airport.immigration.days", "세 개월 있을 거예요", "counter", "삼 개월 있을 거예요"],
    ]);
    expect(judge("airport.boarding.way", "27번 게이트가 어디예요").pass).toBe(true);
    expect(judge("airport.immigration.days", "두 달 있을 거예요").pass).toBe(true);
    expect(judge("airport.immigration.days", "오 일 있을 거예요").pass).toBe(true);
  });
});

describe("answers that say the opposite of what the activity asks", () => {
  it("fails a yes for a no, an adverb's opposite and a verb's opposite", () => {
    expectFails([
      ["airport.security.liquids", "네, 액체 있어요", "vocabulary", "아니요, 없어요"],
      ["cafe.options.ice", "얼음은 많이 주세요", "vocabulary", "얼음은 조금만 주세요"],
      ["cafe.chat.taste", "네, 정말 맛없어요", "vocabulary", "네, 정말 맛있어요"],
    ]);
    expect(judge("cafe.options.ice", "얼음 조금만 주세요").pass).toBe(true);
  });

  it("fails an instruction where the learner should ask", () => {
    expectFails([["airport.security.shoes", "신발도 벗어 주세요", "vocabulary", "신발도 벗어야 돼요"]]);
    expect(judge("airport.security.shoes", "신발도 벗을까요?").pass).toBe(true);
  });
});

describe("tense and offers", () => {
  it("fails the present where it has already happened", () => {
    expectFails([["cafe.problem.wrong", "주문이 잘못 나와요", "grammar", "주문이 잘못 나왔어요"]]);
  });

  it("fails -아/어 드릴게요 where the learner asks the staff to do it", () => {
    expectFails([["cafe.paying.installment", "일시불로 해 드릴게요", "grammar", "일시불로 해 주세요"]]);
  });

  it("fails -(으)시- on the learner's own stay and purpose", () => {
    expectFails([
      ["airport.immigration.stay", "호텔에서 지내실 거예요", "formality", "호텔에서 지낼 거예요"],
      ["airport.immigration.friend", "네, 친구를 만나시러 왔어요", "formality", "네, 친구를 만나러 왔어요"],
    ]);
  });
});

describe("particles by role", () => {
  it("fails 이/가 on what the learner asks to have done, and keeps the second sentence's subject", () => {
    expectFails([["cafe.paying.receipt", "영수증이 버려 주세요", "particle", "영수증을 버려 주세요"]]);
    expect(judge("airport.security.has-laptop", "네, 노트북이 있어요. 지금 꺼낼게요").pass).toBe(true);
  });

  it("wants the slot's (으)로 before 바꿔 주세요, but not twice", () => {
    expectFails([["cafe.problem.change", "아이스 아메리카노를 바꿔 주세요", "particle", "아이스 아메리카노로 바꿔 주세요"]]);
    expect(judge("cafe.problem.change", "아메리카노 아이스로 바꿔 주세요").pass).toBe(true);
  });

  it("fails another locative than the slot's, a time with 을/를 and a length of time with 에", () => {
    expectFails([
      ["cafe.chat.from", "음 베트남에 왔어요", "particle", "베트남에서 왔어요"],
      ["airport.boarding.time", "몇 시를 탑승해요?", "particle", "몇 시에 탑승해요?"],
      ["airport.immigration.days", "일주일에 있을 거예요", "particle", "일주일 있을 거예요"],
    ]);
  });
});

describe("grammar around the verb", () => {
  it("fails 안 before a verb with its own negative, may for must, and -아/어서 for -(으)러", () => {
    expectFails([
      ["airport.security.pockets", "주머니에 아무것도 안 있어요", "grammar", "주머니에 아무것도 없어요"],
      ["airport.security.shoes", "신발도 벗어도 돼요?", "grammar", "신발도 벗어야 돼요"],
      ["airport.immigration.friend", "네, 친구를 만나서 왔어요", "grammar", "네, 친구를 만나러 왔어요"],
    ]);
    expect(judge("airport.immigration.purpose", "한국 음식을 먹고 싶어서 왔어요").pass).toBe(true);
    expect(judge("airport.immigration.purpose", "한국어 배우러 왔어요").pass).toBe(true);
  });

  it("fails the plain 나/내 to staff and a unit swapped for another", () => {
    expectFails([
      ["cafe.problem.not-mine", "아니요, 내 커피가 아니에요", "formality", "아니요, 제 커피가 아니에요"],
      ["airport.boarding.time", "몇 시간에 탑승해요?", "counter", "몇 시에 탑승해요"],
      ["airport.boarding.which-gate", "몇 개 게이트예요?", "counter", "몇 번 게이트예요"],
    ]);
    expect(judge("airport.security.liquids", "아니요, 물이나 액체는 없어요").pass).toBe(true);
  });

  it("holds a particle gap to the case its answers put there", () => {
    const verdict = judge("airport.immigration.friend", "가");
    expect(verdict.pass).toBe(false);
    expect(verdict.errorType).toBe("particle");
    expect(judge("airport.immigration.friend", "를").pass).toBe(true);
    expect(judge("airport.immigration.friend", "도").pass).toBe(true);
  });
});

describe("what is, what is there, and what comes first", () => {
  it("fails 있어요 for the copula and the copula for 있어요, where every reference says the other", () => {
    expectFails([
      ["cafe.paying.price", "얼마 있어요?", "grammar", "얼마예요"],
      ["cafe.chat.from", "저는 미국 사람 있어요", "grammar", "저는 미국 사람이에요"],
      ["airport.security.has-laptop", "네, 노트북이에요", "grammar", "네, 노트북이 있어요"],
    ]);
  });

  it("fails 에 on the thing that is there, 이/가 on a time that acts, and 에 with 지내다", () => {
    expectFails([
      ["airport.security.has-laptop", "네, 노트북에 있어요", "particle", "네, 노트북이 있어요"],
      ["airport.boarding.time", "몇 시가 탑승해요?", "particle", "몇 시에 탑승해요"],
      ["airport.immigration.stay", "친구 집에 지낼 거예요", "particle", "친구 집에서 지낼 거예요"],
    ]);
    expect(judge("airport.immigration.stay", "홍대에 있는 게스트하우스에서 지낼 거예요").pass).toBe(true);
    expect(judge("airport.greet", "여기 있어요").pass).toBe(true);
  });

  it("wants 번 for a numbered gate, and the describing noun first", () => {
    expectFails([
      ["airport.boarding.which-gate", "몇 게이트예요?", "counter", "몇 번 게이트예요"],
      ["airport.boarding.way", "이십칠 개 게이트가 어디예요?", "counter", "이십칠 번 게이트가 어디예요"],
      ["airport.seat", "자리 창가로 주세요", "vocabulary", "창가 자리로 주세요"],
    ]);
    expect(judge("airport.boarding.which-gate", "이 비행기는 몇 번 게이트예요?").pass).toBe(true);
    expect(judge("cafe.problem.change", "아메리카노 아이스로 바꿔 주세요").pass).toBe(true);
  });

  it("fails the purpose said as what happened, and 잘 for 잘못", () => {
    expectFails([
      ["airport.immigration.friend", "네, 친구를 만났어요", "grammar", "네, 친구를 만나러 왔어요"],
      ["cafe.problem.wrong", "주문이 잘 나왔어요", "vocabulary", "주문이 잘못 나왔어요"],
      ["cafe.paying.price", "전부 얼마니?", "formality", "전부 얼마예요"],
    ]);
  });

  it("reads a recognizer's spaced-off particle, uncontracted forms and words misread across a verb", () => {
    expectFails([
      ["cafe.options.size", "벤티 사이즈 으로 주세요", "particle", "벤티 사이즈로 주세요"],
      ["cafe.options.size", "그란데 사이지로 주세요", "spelling", "그란데 사이즈로 주세요"],
    ]);
    expect(judge("cafe.problem.change", "아이스 아메리카노로 바꾸어 주세요").pass).toBe(true);
    expect(judge("cafe.paying.receipt", "아뇨 괜찮아요").pass).toBe(true);
  });
});

describe("spelling and forms", () => {
  it("fails a rare word written as the expected one sounds when typed, not when transcribed", () => {
    expectFails([
      ["cafe.options.ice", "어름은 조금만 주세요", "spelling", "얼음은 조금만 주세요"],
      ["airport.security.pockets", "아무거도 없어요", "spelling", "아무것도 없어요"],
    ]);
    expect(judge("cafe.options.ice", "어름은 조금만 주세요", true).errorType).not.toBe("spelling");
  });

  it("fails a repeat said casually as formality", () => {
    expectFails([
      ["cafe.chat.enjoy", "잘 마실게", "formality", "잘 마실게요"],
      ["airport.security.understood", "응, 알겠어", "formality", "네, 알겠습니다"],
      ["cafe.paying.bye", "잘 있어", "formality", "안녕히 계세요"],
    ]);
  });

  it("accepts the A2 forms and paraphrases the course uses", () => {
    for (const [activity, text] of [
      ["cafe.paying.receipt", "영수증은 안 주셔도 돼요"],
      ["airport.security.shoes", "신발도 벗을까요?"],
      ["cafe.options.takeout", "들고 갈게요"],
      ["airport.immigration.stay", "호텔에서 지낼 거예요"],
    ] as const) {
      expect(judge(activity, text).pass, text).toBe(true);
    }
  });

  it("writes its corrections with Korean spacing", () => {
    expect(judge("airport.immigration.stay", "호텔에서 지내실 거예요").correction).toBe("호텔에서 지낼 거예요");
    expect(judge("airport.security.shoes", "신발도 벗어 주세요").correction).toBe("신발도 벗어야 돼요");
  });
});
