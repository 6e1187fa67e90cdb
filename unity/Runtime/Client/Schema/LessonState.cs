// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace Koto.Schema {
	public partial class LessonState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public LessonState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string status = "idle";

		[global::Colyseus.Schema.Type(1, "string")]
		public string lessonId = "";

		[global::Colyseus.Schema.Type(2, "string")]
		public string lessonTitle = "";

		[global::Colyseus.Schema.Type(3, "string")]
		public string stageId = "";

		[global::Colyseus.Schema.Type(4, "string")]
		public string activityId = "";

		[global::Colyseus.Schema.Type(5, "string")]
		public string kind = "";

		[global::Colyseus.Schema.Type(6, "uint8")]
		public byte index = 0;

		[global::Colyseus.Schema.Type(7, "uint8")]
		public byte total = 0;

		[global::Colyseus.Schema.Type(8, "string")]
		public string line = "";

		[global::Colyseus.Schema.Type(9, "string")]
		public string translation = "";

		[global::Colyseus.Schema.Type(10, "string")]
		public string audioUrl = "";

		[global::Colyseus.Schema.Type(11, "string")]
		public string task = "";

		[global::Colyseus.Schema.Type(12, "array", typeof(global::Colyseus.Schema.ArraySchema<string>), "string")]
		public global::Colyseus.Schema.ArraySchema<string> choices = new global::Colyseus.Schema.ArraySchema<string>();

		[global::Colyseus.Schema.Type(13, "uint8")]
		public byte attempts = 0;

		[global::Colyseus.Schema.Type(14, "uint8")]
		public byte maxAttempts = 3;

		[global::Colyseus.Schema.Type(15, "uint8")]
		public byte hintsUsed = 0;

		[global::Colyseus.Schema.Type(16, "uint8")]
		public byte hintsTotal = 0;

		[global::Colyseus.Schema.Type(17, "int16")]
		public short lastScore = -1;

		[global::Colyseus.Schema.Type(18, "boolean")]
		public bool lastPass = false;

		[global::Colyseus.Schema.Type(19, "string")]
		public string lastErrorType = "";

		[global::Colyseus.Schema.Type(20, "string")]
		public string lastFeedback = "";

		[global::Colyseus.Schema.Type(21, "string")]
		public string lastCorrection = "";

		[global::Colyseus.Schema.Type(22, "string")]
		public string sentence = "";
	}
}
