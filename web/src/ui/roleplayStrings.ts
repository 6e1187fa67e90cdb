import type { LearnerLang } from "../../../domain/learners/learner.ts";

/** The roleplay interface's words in each learner language (what the moderator says comes from the server). */

const en = {
  "rp.menu": "Practise together",
  "rp.menuTitle": "Play a dialogue with someone here",
  "rp.invite": "Invite",
  "rp.inviting": "Waiting for {name} to answer…",
  "rp.find": "Find a partner at {npc}",
  "rp.nobody": "Nobody else is here yet.",
  "rp.accept": "Accept",
  "rp.decline": "Decline",
  "rp.title": "Roleplay",
  "rp.round": "Round {n} of 2",
  "rp.youAre": "You are the {role}",
  "rp.yourTurn": "Your turn",
  "rp.theirTurn": "{name} is speaking…",
  "rp.npc": "{npc} is speaking…",
  "rp.answer": "Your line in Korean",
  "rp.send": "Say it",
  "rp.hint": "Hint",
  "rp.leave": "Leave",
  "rp.heard": "You heard",
  "rp.checking": "Checking…",
  "rp.pass": "Right",
  "rp.fail": "Not yet",
  "rp.answerWas": "The line",
  "rp.done": "Roleplay finished",
  "rp.close": "Close",
  "rp.dialogue": "The dialogue so far",
  "rp.npcSaid": "said by the tutor",
};
type Key = keyof typeof en;
type Strings = Readonly<Record<Key, string>>;

const id: Strings = {
  "rp.menu": "Berlatih bersama",
  "rp.menuTitle": "Mainkan dialog dengan seseorang di sini",
  "rp.invite": "Ajak",
  "rp.inviting": "Menunggu jawaban {name}…",
  "rp.find": "Cari pasangan di dekat {npc}",
  "rp.nobody": "Belum ada orang lain di sini.",
  "rp.accept": "Terima",
  "rp.decline": "Tolak",
  "rp.title": "Roleplay",
  "rp.round": "Babak {n} dari 2",
  "rp.youAre": "Kamu adalah {role}",
  "rp.yourTurn": "Giliranmu",
  "rp.theirTurn": "{name} sedang berbicara…",
  "rp.npc": "{npc} sedang berbicara…",
  "rp.answer": "Kalimatmu dalam bahasa Korea",
  "rp.send": "Ucapkan",
  "rp.hint": "Petunjuk",
  "rp.leave": "Keluar",
  "rp.heard": "Yang kamu dengar",
  "rp.checking": "Memeriksa…",
  "rp.pass": "Benar",
  "rp.fail": "Belum tepat",
  "rp.answerWas": "Kalimatnya",
  "rp.done": "Roleplay selesai",
  "rp.close": "Tutup",
  "rp.dialogue": "Dialog sejauh ini",
  "rp.npcSaid": "diucapkan tutor",
};

const vi: Strings = {
  "rp.menu": "Luyện tập cùng nhau",
  "rp.menuTitle": "Nhập vai một đoạn hội thoại với người ở đây",
  "rp.invite": "Mời",
  "rp.inviting": "Đang chờ {name} trả lời…",
  "rp.find": "Tìm bạn cùng chơi ở chỗ {npc}",
  "rp.nobody": "Chưa có ai khác ở đây.",
  "rp.accept": "Đồng ý",
  "rp.decline": "Từ chối",
  "rp.title": "Nhập vai",
  "rp.round": "Lượt {n} / 2",
  "rp.youAre": "Bạn là {role}",
  "rp.yourTurn": "Đến lượt bạn",
  "rp.theirTurn": "{name} đang nói…",
  "rp.npc": "{npc} đang nói…",
  "rp.answer": "Câu của bạn bằng tiếng Hàn",
  "rp.send": "Nói",
  "rp.hint": "Gợi ý",
  "rp.leave": "Rời đi",
  "rp.heard": "Bạn nghe",
  "rp.checking": "Đang kiểm tra…",
  "rp.pass": "Đúng",
  "rp.fail": "Chưa đúng",
  "rp.answerWas": "Câu đúng",
  "rp.done": "Nhập vai xong",
  "rp.close": "Đóng",
  "rp.dialogue": "Hội thoại đến giờ",
  "rp.npcSaid": "gia sư nói",
};

const STRINGS: Readonly<Record<LearnerLang, Strings>> = { en, id, vi };

export type RoleplayTranslate = (key: Key, values?: Record<string, string | number>) => string;

export function roleplayStrings(lang: LearnerLang): RoleplayTranslate {
  const strings = STRINGS[lang];
  return (key, values = {}) => strings[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
