using System;
using System.Collections.Generic;
using Koto.Protocol;

namespace Koto.Core
{
    /// <summary>
    /// The client's side of a lesson with the tutor, driven by the server's typed messages and
    /// the learner's actions; no Unity and no SDK, so it is tested on its own. It says what to
    /// show (<see cref="Phase"/>, the prompt, the feedback, attempts, hints, a notice), which
    /// audio to play (<see cref="TakeAudio"/>), and what to send (an <see cref="Outgoing"/>, or
    /// null with <see cref="LastRefusal"/> saying why not). The server stays authoritative: any
    /// message it sends is shown, whatever this object expected.
    /// </summary>
    public sealed class TutorSession
    {
        readonly Queue<string> audio = new Queue<string>();
        readonly List<TutorHintMessage> hints = new List<TutorHintMessage>();
        TutorPromptMessage pendingPrompt;
        TutorDoneMessage pendingDone;
        bool reviewsEnded;
        TutorPhase beforeWaiting = TutorPhase.Idle;

        public TutorPhase Phase { get; private set; }
        /// <summary>The activity on screen; null before the first prompt.</summary>
        public TutorPromptMessage Prompt { get; private set; }
        /// <summary>The latest feedback on the activity on screen; null until the learner answers it.</summary>
        public TutorFeedbackMessage Feedback { get; private set; }
        public TutorDoneMessage Summary { get; private set; }
        /// <summary>The end of the latest run of reviews (how many, how many passed, the tutor's words); null before any.</summary>
        public TutorReviewDoneMessage ReviewSummary { get; private set; }
        /// <summary>Something the server said to show briefly (busy, a tutor error); null when there is none.</summary>
        public string Notice { get; private set; }
        /// <summary>The code of <see cref="Notice"/> when it came with one (<see cref="TutorErrorCode"/>, <see cref="ErrorCode"/>).</summary>
        public string NoticeCode { get; private set; }
        public Refusal LastRefusal { get; private set; }
        /// <summary>Whether to offer recording: from <c>GET /api/v1/features</c> (<c>voiceAnswers</c>); turned off when the server says it cannot transcribe.</summary>
        public bool VoiceAvailable = true;

        public IList<TutorHintMessage> Hints
        {
            get { return hints.AsReadOnly(); }
        }

        /// <summary>The activity on screen brings back one of the learner's own mistakes (<c>Prompt.review.said</c> is what they said then).</summary>
        public bool IsReview
        {
            get { return Prompt != null && Prompt.review != null; }
        }

        public AnswerInput Input
        {
            get
            {
                if (Prompt == null) return AnswerInput.None;
                return Prompt.kind == ActivityKind.Choice || Prompt.kind == ActivityKind.Listen ? AnswerInput.Choice : AnswerInput.Text;
            }
        }

        /// <summary>The options of a choice or listen activity, else none.</summary>
        public IList<ChoiceOption> Options
        {
            get
            {
                var options = new List<ChoiceOption>();
                if (Input != AnswerInput.Choice) return options;
                var korean = Prompt.choices;
                var translations = Prompt.choiceTranslations;
                var count = Math.Max(korean == null ? 0 : korean.Length, translations == null ? 0 : translations.Length);
                for (var i = 0; i < count; i++)
                {
                    options.Add(new ChoiceOption(i, korean != null && i < korean.Length ? korean[i] : null, translations != null && i < translations.Length ? translations[i] : null));
                }
                return options;
            }
        }

        public bool CanRecord
        {
            get { return VoiceAvailable && Input == AnswerInput.Text && (Phase == TutorPhase.Prompt || Phase == TutorPhase.Answering); }
        }

        /// <summary>This attempt at the activity on screen, from 1; 0 before the first prompt.</summary>
        public int Attempt
        {
            get { return Prompt == null ? 0 : Prompt.attempt; }
        }

        public int MaxAttempts
        {
            get { return Prompt == null ? 0 : Prompt.maxAttempts; }
        }

        /// <summary>The tutor's line of the activity on screen, to replay on request; null when it has no audio.</summary>
        public string ReplayAudio
        {
            get { return Prompt == null ? null : Prompt.audioUrl; }
        }

        /// <summary>The next clip to play, once each: the tutor's line when a prompt shows, the spoken feedback when feedback does. Null when there is none.</summary>
        public string TakeAudio()
        {
            return audio.Count > 0 ? audio.Dequeue() : null;
        }

        // ---- messages from the server ----

        public void OnPrompt(TutorPromptMessage prompt)
        {
            if (prompt == null) throw new ArgumentNullException("prompt");
            // The next prompt follows feedback at once; the feedback stays up until the learner goes on.
            if (Phase == TutorPhase.Feedback) pendingPrompt = prompt;
            else Show(prompt);
        }

        public void OnFeedback(TutorFeedbackMessage feedback)
        {
            if (feedback == null) throw new ArgumentNullException("feedback");
            Feedback = feedback;
            Phase = TutorPhase.Feedback;
            ClearNotice();
            pendingPrompt = null;
            pendingDone = null;
            reviewsEnded = false;
            if (!string.IsNullOrEmpty(feedback.audioUrl)) audio.Enqueue(feedback.audioUrl);
        }

        public void OnHint(TutorHintMessage hint)
        {
            if (hint == null) throw new ArgumentNullException("hint");
            if (!string.IsNullOrEmpty(hint.ko)) hints.Add(hint);
            else SetNotice(hint.text, null);
        }

        /// <summary>The tutor was busy and dropped what was sent: the learner may send it again.</summary>
        public void OnBusy(TutorBusyMessage busy)
        {
            if (busy == null) throw new ArgumentNullException("busy");
            if (Phase == TutorPhase.Waiting) Phase = beforeWaiting;
            SetNotice(busy.message, null);
        }

        public void OnDone(TutorDoneMessage done)
        {
            if (done == null) throw new ArgumentNullException("done");
            if (Phase == TutorPhase.Feedback) pendingDone = done;
            else Finish(done);
        }

        /// <summary>
        /// A run of reviews ended (or none was due). What follows is the lesson's prompt, or, after
        /// <see cref="Review"/> with no lesson under way, nothing: the panel then goes back to idle.
        /// </summary>
        public void OnReviewDone(TutorReviewDoneMessage done)
        {
            if (done == null) throw new ArgumentNullException("done");
            ReviewSummary = done;
            if (Phase == TutorPhase.Feedback)
            {
                reviewsEnded = true;
                return;
            }
            if (Phase == TutorPhase.Waiting) Phase = IsReview || Prompt == null ? TutorPhase.Idle : beforeWaiting;
            if (Phase == TutorPhase.Idle) Prompt = null;
            SetNotice(done.feedback, null);
        }

        /// <summary>Handles an <c>error</c> about the tutor, or about what this object sent; false for other errors (chat, for one), left to others.</summary>
        public bool OnError(ErrorMessage error)
        {
            if (error == null) throw new ArgumentNullException("error");
            switch (error.code)
            {
                case TutorErrorCode.NotStarted:
                    Prompt = null;
                    Feedback = null;
                    Phase = TutorPhase.Idle;
                    break;
                case TutorErrorCode.UnknownLesson:
                case TutorErrorCode.NoLesson:
                case TutorErrorCode.Unavailable:
                    Phase = Prompt == null ? TutorPhase.Idle : BackFromWaiting();
                    break;
                case TutorErrorCode.VoiceUnavailable:
                    VoiceAvailable = false;
                    Phase = BackFromWaiting();
                    break;
                case TutorErrorCode.ChooseOption:
                case TutorErrorCode.TypeAnswer:
                case TutorErrorCode.AudioNotFound:
                case TutorErrorCode.AudioUnintelligible:
                    Phase = BackFromWaiting();
                    break;
                case ErrorCode.RateLimited:
                case ErrorCode.InvalidMessage:
                case ErrorCode.Internal:
                    // These may be about chat or moves too; they are the tutor's only while it waits.
                    if (Phase != TutorPhase.Waiting) return false;
                    Phase = beforeWaiting;
                    break;
                default:
                    return false;
            }
            SetNotice(error.message, error.code);
            return true;
        }

        /// <summary>After an automatic reconnection: asks for the activity again when a lesson was running, since an answer in flight may have been judged meanwhile.</summary>
        public Outgoing OnReconnected()
        {
            if (Phase == TutorPhase.Idle || Phase == TutorPhase.Done) return null;
            pendingPrompt = null;
            return Waiting(new Outgoing(ClientMessage.TutorRepeat, null));
        }

        // ---- what the learner does ----

        /// <summary>Starts (or resumes) a lesson: the scene's, or <paramref name="lessonId"/>.</summary>
        public Outgoing Start(string lessonId = null)
        {
            if (Phase == TutorPhase.Waiting) return Refuse(Refusal.NotNow);
            Summary = null;
            return Waiting(new Outgoing(ClientMessage.TutorStart, new TutorStartCommand { lessonId = lessonId }.ToPayload()));
        }

        /// <summary>Asks for the learner's due reviews now (<c>tutor:review</c>), then the lesson under way, if any.</summary>
        public Outgoing Review()
        {
            GoOnFromFeedback();
            if (Phase == TutorPhase.Waiting || Phase == TutorPhase.Feedback) return Refuse(Refusal.NotNow);
            return Waiting(new Outgoing(ClientMessage.TutorReview, null));
        }

        /// <summary>Leaves the feedback for what follows: the next prompt (or the same one again), or the summary.</summary>
        public void Continue()
        {
            if (Phase != TutorPhase.Feedback) return;
            if (pendingDone != null) Finish(pendingDone);
            else if (pendingPrompt != null) Show(pendingPrompt);
            else if (reviewsEnded)
            {
                // The reviews are over and no lesson follows (yet): a lesson prompt still shows when it comes.
                Prompt = null;
                Phase = TutorPhase.Idle;
                SetNotice(ReviewSummary.feedback, null);
            }
            // Otherwise the next prompt has not arrived yet: it shows as soon as it does.
            else Phase = TutorPhase.Waiting;
            pendingPrompt = null;
            pendingDone = null;
            reviewsEnded = false;
        }

        /// <summary>The learner started typing or pressed record.</summary>
        public void BeginAnswer()
        {
            GoOnFromFeedback();
            if (Phase == TutorPhase.Prompt) Phase = TutorPhase.Answering;
        }

        public Outgoing Answer(string text)
        {
            if (!ReadyToAnswer(AnswerInput.Text)) return null;
            var trimmed = (text ?? "").Trim();
            if (trimmed.Length == 0) return Refuse(Refusal.EmptyAnswer);
            if (trimmed.Length > Limits.AnswerMaxLength) return Refuse(Refusal.AnswerTooLong);
            return Waiting(new Outgoing(ClientMessage.TutorAnswer, new TutorAnswerCommand { text = trimmed }.ToPayload()));
        }

        public Outgoing Choose(int index)
        {
            if (!ReadyToAnswer(AnswerInput.Choice)) return null;
            if (index < 0 || index >= Options.Count) return Refuse(Refusal.NoSuchOption);
            return Waiting(new Outgoing(ClientMessage.TutorChoose, new TutorChooseCommand { index = index }.ToPayload()));
        }

        /// <summary>A recording uploaded with <c>POST /api/v1/audio</c>, by the id it got.</summary>
        public Outgoing AnswerByVoice(string audioId)
        {
            if (!ReadyToAnswer(AnswerInput.Text)) return null;
            if (!VoiceAvailable) return Refuse(Refusal.VoiceUnavailable);
            if (string.IsNullOrEmpty(audioId)) return Refuse(Refusal.NoRecording);
            return Waiting(new Outgoing(ClientMessage.TutorAudio, new TutorAudioCommand { audioId = audioId }.ToPayload()));
        }

        public Outgoing Skip()
        {
            GoOnFromFeedback();
            if (!Answerable()) return Refuse(Refusal.NotNow);
            return Waiting(new Outgoing(ClientMessage.TutorSkip, null));
        }

        /// <summary>Asks for the next hint; the tutor answers even while it judges an answer.</summary>
        public Outgoing Hint()
        {
            return LessonRunning() ? Sent(new Outgoing(ClientMessage.TutorHint, null)) : Refuse(Refusal.NotNow);
        }

        /// <summary>Asks for the prompt again (its text and a fresh audio link).</summary>
        public Outgoing Repeat()
        {
            return LessonRunning() ? Sent(new Outgoing(ClientMessage.TutorRepeat, null)) : Refuse(Refusal.NotNow);
        }

        /// <summary>Back to the start, e.g. after leaving the room.</summary>
        public void Reset()
        {
            Phase = TutorPhase.Idle;
            Prompt = null;
            Feedback = null;
            Summary = null;
            pendingPrompt = null;
            pendingDone = null;
            reviewsEnded = false;
            ReviewSummary = null;
            hints.Clear();
            audio.Clear();
            ClearNotice();
        }

        // ---- helpers ----

        void Show(TutorPromptMessage prompt)
        {
            var sameActivity = Prompt != null && Prompt.activityId == prompt.activityId;
            if (!sameActivity)
            {
                Feedback = null;
                hints.Clear();
            }
            Prompt = prompt;
            Phase = TutorPhase.Prompt;
            ClearNotice();
            if (!string.IsNullOrEmpty(prompt.audioUrl)) audio.Enqueue(prompt.audioUrl);
        }

        void Finish(TutorDoneMessage done)
        {
            Summary = done;
            Prompt = null;
            Phase = TutorPhase.Done;
            hints.Clear();
        }

        void GoOnFromFeedback()
        {
            if (Phase == TutorPhase.Feedback && (pendingPrompt != null || pendingDone != null || reviewsEnded)) Continue();
        }

        bool Answerable()
        {
            return Prompt != null && (Phase == TutorPhase.Prompt || Phase == TutorPhase.Answering);
        }

        bool LessonRunning()
        {
            return Prompt != null && Phase != TutorPhase.Idle && Phase != TutorPhase.Done;
        }

        /// <summary>Whether an answer of this kind can go now; when not, <see cref="LastRefusal"/> says why.</summary>
        bool ReadyToAnswer(AnswerInput wanted)
        {
            GoOnFromFeedback();
            var why = Refusal.None;
            if (!Answerable()) why = Refusal.NotNow;
            else if (Input != wanted) why = wanted == AnswerInput.Text ? Refusal.ChooseInstead : Refusal.TypeInstead;
            LastRefusal = why;
            return why == Refusal.None;
        }

        /// <summary>Where a refused send leaves the learner: where they were before sending.</summary>
        TutorPhase BackFromWaiting()
        {
            return Phase == TutorPhase.Waiting ? beforeWaiting : Phase;
        }

        Outgoing Waiting(Outgoing message)
        {
            if (Phase != TutorPhase.Waiting) beforeWaiting = Phase == TutorPhase.Prompt ? TutorPhase.Answering : Phase;
            Phase = TutorPhase.Waiting;
            return Sent(message);
        }

        Outgoing Sent(Outgoing message)
        {
            LastRefusal = Refusal.None;
            return message;
        }

        Outgoing Refuse(Refusal why)
        {
            LastRefusal = why;
            return null;
        }

        void SetNotice(string text, string code)
        {
            Notice = text;
            NoticeCode = code;
        }

        void ClearNotice()
        {
            Notice = null;
            NoticeCode = null;
        }
    }
}
