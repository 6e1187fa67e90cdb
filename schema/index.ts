// Every synchronized state class. Unity's C# classes are generated from here.
export { AvatarState, NpcState, SceneState } from "./SceneState.ts";
export { LessonState } from "./LessonState.ts";
export { RoleplayLineState, RoleplayState } from "./RoleplayState.ts";
