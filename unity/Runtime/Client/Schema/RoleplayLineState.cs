// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace Koto.Schema {
	public partial class RoleplayLineState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public RoleplayLineState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string role = "";

		[global::Colyseus.Schema.Type(1, "string")]
		public string name = "";

		[global::Colyseus.Schema.Type(2, "string")]
		public string text = "";

		[global::Colyseus.Schema.Type(3, "string")]
		public string by = "";
	}
}
