// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace Koto.Schema {
	public partial class RoleplayState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public RoleplayState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string id = "";

		[global::Colyseus.Schema.Type(1, "string")]
		public string lessonId = "";

		[global::Colyseus.Schema.Type(2, "string")]
		public string lessonTitle = "";

		[global::Colyseus.Schema.Type(3, "uint8")]
		public byte round = 1;

		[global::Colyseus.Schema.Type(4, "string")]
		public string status = "playing";

		[global::Colyseus.Schema.Type(5, "string")]
		public string speaker = "";

		[global::Colyseus.Schema.Type(6, "string")]
		public string speakerRole = "";

		[global::Colyseus.Schema.Type(7, "uint8")]
		public byte index = 0;

		[global::Colyseus.Schema.Type(8, "uint8")]
		public byte total = 0;

		[global::Colyseus.Schema.Type(9, "string")]
		public string customer = "";

		[global::Colyseus.Schema.Type(10, "string")]
		public string customerName = "";

		[global::Colyseus.Schema.Type(11, "string")]
		public string staff = "";

		[global::Colyseus.Schema.Type(12, "string")]
		public string staffName = "";

		[global::Colyseus.Schema.Type(13, "float64")]
		public double deadlineAt = 0;

		[global::Colyseus.Schema.Type(14, "array", typeof(global::Colyseus.Schema.ArraySchema<RoleplayLineState>))]
		public global::Colyseus.Schema.ArraySchema<RoleplayLineState> lines = new global::Colyseus.Schema.ArraySchema<RoleplayLineState>();
	}
}
