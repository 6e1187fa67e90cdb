namespace Koto.Core
{
    /// <summary>Where the learner is with the tutor: what the tutor panel shows.</summary>
    public enum TutorPhase
    {
        /// <summary>No lesson running: offer to start one.</summary>
        Idle,
        /// <summary>The tutor's line is shown (and its audio plays); the learner may answer.</summary>
        Prompt,
        /// <summary>The learner is typing or recording an answer.</summary>
        Answering,
        /// <summary>Sent; waiting for the tutor (feedback to an answer, or the first prompt).</summary>
        Waiting,
        /// <summary>The tutor's feedback is shown until the learner goes on (<see cref="TutorSession.Continue"/>).</summary>
        Feedback,
        /// <summary>The lesson is over: show the summary.</summary>
        Done,
    }

    /// <summary>How the learner answers the activity on screen.</summary>
    public enum AnswerInput
    {
        None,
        /// <summary>Type (<c>tutor:answer</c>) or speak (<c>tutor:audio</c>).</summary>
        Text,
        /// <summary>Pick one of <see cref="TutorSession.Options"/> (<c>tutor:choose</c>).</summary>
        Choice,
    }

    /// <summary>Why a learner action sent nothing.</summary>
    public enum Refusal
    {
        None,
        /// <summary>Not now: nothing to answer, or an answer is already with the tutor.</summary>
        NotNow,
        EmptyAnswer,
        AnswerTooLong,
        /// <summary>This activity is answered by picking an option.</summary>
        ChooseInstead,
        /// <summary>This activity is answered by typing or speaking.</summary>
        TypeInstead,
        NoSuchOption,
        /// <summary>The server cannot transcribe recordings (or said so): type instead.</summary>
        VoiceUnavailable,
        NoRecording,
    }

    /// <summary>An option of a choice or listen activity: Korean (choice) and the learner's language, either may be null.</summary>
    public struct ChoiceOption
    {
        public readonly int Index;
        public readonly string Korean;
        public readonly string Translation;

        public ChoiceOption(int index, string korean, string translation)
        {
            Index = index;
            Korean = korean;
            Translation = translation;
        }

        /// <summary>What the button says: the Korean when there is some, else the translation.</summary>
        public string Label
        {
            get { return Korean ?? Translation; }
        }
    }
}
