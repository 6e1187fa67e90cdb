import type { UiKey } from "../feedback/languagePack.ts";

/** `error` codes from the tutor (server -> client); the message is in the learner's language. */
export const TutorErrorCode = {
  NOT_STARTED: "tutor_not_started",
  UNKNOWN_LESSON: "unknown_lesson",
  NO_LESSON: "no_lesson",
  CHOOSE_OPTION: "choose_option",
  TYPE_ANSWER: "type_answer",
  UNAVAILABLE: "tutor_unavailable",
  VOICE_UNAVAILABLE: "voice_unavailable",
  AUDIO_NOT_FOUND: "audio_not_found",
  AUDIO_UNINTELLIGIBLE: "audio_unintelligible",
} as const;
export type TutorErrorCode = (typeof TutorErrorCode)[keyof typeof TutorErrorCode];

/** Why a recorded answer could not be heard. */
export type VoiceFailure = typeof TutorErrorCode.VOICE_UNAVAILABLE | typeof TutorErrorCode.AUDIO_NOT_FOUND | typeof TutorErrorCode.AUDIO_UNINTELLIGIBLE;

/** The language-pack text of each code. */
export const TUTOR_ERROR_TEXT: Readonly<Record<TutorErrorCode, UiKey>> = {
  [TutorErrorCode.NOT_STARTED]: "tutor.not_started",
  [TutorErrorCode.UNKNOWN_LESSON]: "tutor.unknown_lesson",
  [TutorErrorCode.NO_LESSON]: "tutor.no_lesson",
  [TutorErrorCode.CHOOSE_OPTION]: "tutor.choose_option",
  [TutorErrorCode.TYPE_ANSWER]: "tutor.type_answer",
  [TutorErrorCode.UNAVAILABLE]: "tutor.unavailable",
  [TutorErrorCode.VOICE_UNAVAILABLE]: "tutor.voice_unavailable",
  [TutorErrorCode.AUDIO_NOT_FOUND]: "tutor.audio_not_found",
  [TutorErrorCode.AUDIO_UNINTELLIGIBLE]: "tutor.audio_unintelligible",
};
