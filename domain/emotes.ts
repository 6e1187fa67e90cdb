export const EMOTES = ["wave", "bow", "clap", "laugh", "think", "cheer", "heart", "thumbsup"] as const;
export type Emote = (typeof EMOTES)[number];
