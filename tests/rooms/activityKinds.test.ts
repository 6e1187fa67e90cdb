import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Room } from "@colyseus/sdk";
import { lessonDetail } from "../../http/openapi/schemas.ts";
import { SERVER_MESSAGES } from "../../rooms/serverMessages.ts";
import { Inbox } from "../helpers/inbox.ts";
import { fixtureLesson, testContent, type TestContent } from "../helpers/testContent.ts";
import { startTestServer, type TestServer } from "../helpers/testServer.ts";

type Prompt = ReturnType<(typeof SERVER_MESSAGES)["tutor:prompt"]["parse"]>;
type Feedback = ReturnType<(typeof SERVER_MESSAGES)["tutor:feedback"]["parse"]>;
interface View {
  kind: string;
  line: string;
  translation: string;
  task: string;
  choices: string[];
  sentence: string;
  audioUrl: string;
}

const LESSON = "fixture-kinds";
let content: TestContent;

beforeAll(async () => {
  content = await testContent({ "fixture-kinds.yaml": await fixtureLesson("fixture-kinds.yaml") });
});
afterAll(() => content?.remove());

/** A learner in the cafe with an inbox; every server message is checked against its schema. */
async function learner(server: TestServer, name: string, lang: "en" | "id" | "vi") {
  const { room, auth } = await server.join("cafe", name, lang);
  const inbox = new Inbox(room);
  const next = async <T>(type: keyof typeof SERVER_MESSAGES): Promise<T> => SERVER_MESSAGES[type].parse(await inbox.next(type)) as T;
  const exchange = <T>(type: string, payload: unknown, reply: keyof typeof SERVER_MESSAGES): Promise<T> => {
    room.send(type, payload);
    return next<T>(reply);
  };
  return { room, auth, next, exchange };
}

/** The learner's own lesson view, as plain data. */
function viewOf(room: Room): View | undefined {
  return (room.state as { lessons?: Map<string, { toJSON(): View }> }).lessons?.get(room.sessionId)?.toJSON();
}

function npcLine(room: Room): string {
  return (room.state as { npc: { line: string } }).npc.line;
}

describe("listen and fill activities, with the tutor's voice", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ overrides: { contentDir: content.dir } });
  });
  afterAll(() => server?.stop());

  it("plays a listen activity: the line is heard, not shown, until answered; then a fill activity, typed as the gap", async () => {
    const ana = await learner(server, "Ana", "en");
    const listen = await ana.exchange<Prompt>("tutor:start", { lessonId: LESSON }, "tutor:prompt");
    expect(listen).toMatchObject({ activityId: "fixture.listen", kind: "listen", text: "", translation: "", task: "Listen to the barista and pick what they asked." });
    expect(listen.choices).toBeUndefined();
    expect(listen.choiceTranslations).toEqual(["Would you like it hot?", "Is it to take away?", "Would you like the receipt?"]);
    expect(listen.audioUrl).toMatch(/^\/media\/tts\/espeak\//);
    // The audio is the line itself, though the prompt does not show it.
    const key = server.services.ai.voice!.keyFor("포장해 드릴까요?");
    expect(listen.audioUrl).toContain(key.slice("tts/espeak/".length));
    await vi.waitFor(() => expect(viewOf(ana.room)).toMatchObject({ kind: "listen", line: "", translation: "", choices: listen.choiceTranslations, audioUrl: listen.audioUrl }));
    // Nor does the NPC, whose line everyone in the room sees.
    expect(npcLine(ana.room)).toBe("");

    expect(await ana.exchange("tutor:answer", { text: "포장해 드릴까요?" }, "error")).toMatchObject({ code: "choose_option" });
    const wrong = await ana.exchange<Feedback>("tutor:choose", { index: 0 }, "tutor:feedback");
    expect(wrong).toMatchObject({ pass: false, errorType: "vocabulary", outcome: "retry", line: "포장해 드릴까요?", lineTranslation: "Shall I pack it to take away?" });
    expect(wrong.feedback).toMatch(/포장 means take-away/);
    expect((await ana.next<Prompt>("tutor:prompt")).text).toBe("");
    const right = await ana.exchange<Feedback>("tutor:choose", { index: 1 }, "tutor:feedback");
    expect(right).toMatchObject({ pass: true, outcome: "advance", line: "포장해 드릴까요?" });

    const fill = await ana.next<Prompt>("tutor:prompt");
    expect(fill).toMatchObject({ activityId: "fixture.fill", kind: "fill", text: "결제는 어떻게 하시겠어요?", translation: "How would you like to pay?", sentence: "카드___ 할게요" });
    await vi.waitFor(() => expect(viewOf(ana.room)).toMatchObject({ kind: "fill", sentence: "카드___ 할게요", line: "결제는 어떻게 하시겠어요?", choices: [] }));
    expect(await ana.exchange("tutor:choose", { index: 0 }, "error")).toMatchObject({ code: "type_answer" });
    const particle = await ana.exchange<Feedback>("tutor:answer", { text: "으로" }, "tutor:feedback");
    expect(particle).toMatchObject({ pass: false, errorType: "particle", correction: "카드로 할게요", outcome: "retry" });
    expect(particle.errors[0]).toMatchObject({ span: { start: 0, end: 4 }, found: "카드으로", expected: "카드로" });
    expect(particle.line).toBeUndefined();
    await ana.next<Prompt>("tutor:prompt");
    expect(await ana.exchange<Feedback>("tutor:answer", { text: "로" }, "tutor:feedback")).toMatchObject({ pass: true, outcome: "advance" });
    expect((await ana.next<Prompt>("tutor:prompt")).activityId).toBe("fixture.pay");

    expect(await server.services.writes.flush(5_000)).toBe(true);
    const { prisma } = server.services.db;
    const events = await prisma.sessionEvent.findMany({ where: { activityId: "fixture.fill", session: { userId: ana.auth.learner.userId } }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.userInput, e.passFail])).toEqual([["으로", false], ["로", true]]);
    expect(events[1]!.evaluationDetail).toMatchObject({ normalized: "카드로 할게요" });
    await ana.room.leave();
  });

  it("takes a whole sentence for a fill activity, and shows a skipped listen activity's line", async () => {
    const bao = await learner(server, "Bao", "vi");
    await bao.exchange<Prompt>("tutor:start", { lessonId: LESSON }, "tutor:prompt");
    const skipped = await bao.exchange<Feedback>("tutor:skip", {}, "tutor:feedback");
    expect(skipped).toMatchObject({ outcome: "skipped", answer: "포장해 드릴까요?", line: "포장해 드릴까요?", lineTranslation: "Quý khách có muốn mang đi không ạ?" });
    await bao.next<Prompt>("tutor:prompt");
    const whole = await bao.exchange<Feedback>("tutor:answer", { text: "카드를 할게요" }, "tutor:feedback");
    expect(whole).toMatchObject({ pass: false, errorType: "particle", correction: "카드로 할게요" });
    await bao.next<Prompt>("tutor:prompt");
    expect(await bao.exchange<Feedback>("tutor:answer", { text: "카드로 할게요." }, "tutor:feedback")).toMatchObject({ pass: true, score: 100 });
    await bao.room.leave();
  });

  it("shows a listen line to read when its audio is not there in time", async () => {
    const voice = server.services.ai.voice!;
    const cai = await learner(server, "Cai", "en");
    const heard = await cai.exchange<Prompt>("tutor:start", { lessonId: LESSON }, "tutor:prompt");
    expect(heard.text).toBe("");
    expect(heard.audioUrl).toMatch(/^\/media\//);
    voice.audioUrl = () => Promise.resolve(undefined);
    try {
      const read = await cai.exchange<Prompt>("tutor:repeat", {}, "tutor:prompt");
      expect(read).toMatchObject({ activityId: "fixture.listen", text: "포장해 드릴까요?", translation: "", task: "The tutor's voice isn't available right now, so read the line instead, then pick what it means." });
      expect(read.audioUrl).toBeUndefined();
      await vi.waitFor(() => expect(viewOf(cai.room)).toMatchObject({ line: "포장해 드릴까요?", task: read.task }));
    } finally {
      delete (voice as { audioUrl?: unknown }).audioUrl;
    }
    expect((await cai.exchange<Prompt>("tutor:repeat", {}, "tutor:prompt")).text).toBe("");
    await cai.room.leave();
  });

  it("stores the new kinds with the lesson, and lists them without the listen line or the answers", async () => {
    const rows = await server.services.db.prisma.activity.findMany({ where: { lessonId: LESSON }, orderBy: { position: "asc" } });
    expect(rows.map((row) => [row.id, row.kind])).toEqual([
      ["fixture.listen", "listen"],
      ["fixture.fill", "fill"],
      ["fixture.pay", "dialogue"],
      ["fixture.thanks", "repeat"],
    ]);
    const response = await fetch(`${server.baseUrl}/api/v1/lessons/${LESSON}`);
    const text = await response.text();
    const lesson = lessonDetail.parse(JSON.parse(text));
    const [listen, fill] = lesson.stages[0]!.activities;
    expect(listen).toMatchObject({ kind: "listen", choices: [{ translations: { en: "Would you like it hot?" } }, {}, {}] });
    expect(listen!.tutor).toBeUndefined();
    expect(fill).toMatchObject({ kind: "fill", sentence: "카드___ 할게요" });
    expect(text).not.toMatch(/포장해 드릴까요|Shall I pack it|카드로 할게요|"mistakes"|"answers"/);
  });
});

describe("a listen activity without the tutor's voice", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TTS_PROVIDER: "none" }, overrides: { contentDir: content.dir } });
  });
  afterAll(() => server?.stop());

  it("shows the line to read instead, and says why, in the learner's language", async () => {
    const ika = await learner(server, "Ika", "id");
    const prompt = await ika.exchange<Prompt>("tutor:start", { lessonId: LESSON }, "tutor:prompt");
    expect(prompt).toMatchObject({
      kind: "listen",
      text: "포장해 드릴까요?",
      translation: "",
      task: "Suara tutor sedang tidak tersedia, jadi bacalah kalimatnya, lalu pilih artinya.",
      choiceTranslations: ["Mau yang panas?", "Untuk dibawa pulang?", "Mau struknya?"],
    });
    expect(prompt.audioUrl).toBeUndefined();
    await vi.waitFor(() => expect(viewOf(ika.room)).toMatchObject({ line: "포장해 드릴까요?", translation: "", task: prompt.task, audioUrl: "" }));
    expect(npcLine(ika.room)).toBe("");
    expect(await ika.exchange<Feedback>("tutor:choose", { index: 1 }, "tutor:feedback")).toMatchObject({ pass: true, lineTranslation: "Mau dibungkus untuk dibawa pulang?" });
    await ika.room.leave();
  });
});
