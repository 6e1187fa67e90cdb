// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace Koto.Schema {
	public partial class AvatarState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public AvatarState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string userId = default(string);

		[global::Colyseus.Schema.Type(1, "string")]
		public string name = default(string);

		[global::Colyseus.Schema.Type(2, "float32")]
		public double x = 0;

		[global::Colyseus.Schema.Type(3, "float32")]
		public double y = 0;

		[global::Colyseus.Schema.Type(4, "float32")]
		public double facing = 0;

		[global::Colyseus.Schema.Type(5, "string")]
		public string anim = "idle";

		[global::Colyseus.Schema.Type(6, "string")]
		public string emote = "";

		[global::Colyseus.Schema.Type(7, "string")]
		public string chat = "";

		[global::Colyseus.Schema.Type(8, "boolean")]
		public bool connected = true;

		[global::Colyseus.Schema.Type(9, "string")]
		public string roleplay = "";
	}
}
