// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace Koto.Schema {
	public partial class SceneState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public SceneState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string scene = default(string);

		[global::Colyseus.Schema.Type(1, "map", typeof(global::Colyseus.Schema.MapSchema<AvatarState>))]
		public global::Colyseus.Schema.MapSchema<AvatarState> avatars = new global::Colyseus.Schema.MapSchema<AvatarState>();

		[global::Colyseus.Schema.Type(2, "ref", typeof(NpcState))]
		public NpcState npc = null;

		[global::Colyseus.Schema.Type(3, "map", typeof(global::Colyseus.Schema.MapSchema<LessonState>))]
		public global::Colyseus.Schema.MapSchema<LessonState> lessons = new global::Colyseus.Schema.MapSchema<LessonState>();

		[global::Colyseus.Schema.Type(4, "map", typeof(global::Colyseus.Schema.MapSchema<RoleplayState>))]
		public global::Colyseus.Schema.MapSchema<RoleplayState> roleplays = new global::Colyseus.Schema.MapSchema<RoleplayState>();
	}
}
