using Koto.Core;
using Koto.Protocol;
using NUnit.Framework;

namespace Koto.Tests
{
    [TestFixture]
    public class TutorSessionTests
    {
        static TutorPromptMessage Prompt(string activityId, string kind = ActivityKind.Dialogue, int attempt = 1, string audioUrl = null)
        {
            var prompt = new TutorPromptMessage
            {
                lessonId = "cafe-order", stageId = "cafe-order.ordering", activityId = activityId, kind = kind,
                index = 0, total = 3, text = "주문하시겠어요?", translation = "Ready to order?", task = "Order a drink.",
                attempt = attempt, maxAttempts = 3, hints = 2, audioUrl = audioUrl,
            };
            if (kind == ActivityKind.Choice)
            {
                prompt.choices = new[] { "네", "아니요" };
                prompt.choiceTranslations = new[] { "Yes", "No" };
            }
            if (kind == ActivityKind.Listen) prompt.choiceTranslations = new[] { "A coffee", "A tea", "Water" };
            return prompt;
        }

        static TutorFeedbackMessage Feedback(string activityId, string outcome, string audioUrl = null)
        {
            return new TutorFeedbackMessage
            {
                activityId = activityId, score = outcome == TurnOutcome.Advance ? 100 : 40, pass = outcome == TurnOutcome.Advance,
                errorType = ErrorType.None, errors = new FeedbackError[0], feedback = "...", provider = "rules", outcome = outcome,
                attemptsLeft = outcome == TurnOutcome.Retry ? 2 : 0, audioUrl = audioUrl,
            };
        }

        static TutorSession Started(TutorPromptMessage prompt)
        {
            var session = new TutorSession();
            Assert.IsNotNull(session.Start());
            session.OnPrompt(prompt);
            return session;
        }

        [Test]
        public void StartsIdleAndWaitsForTheFirstPrompt()
        {
            var session = new TutorSession();
            Assert.AreEqual(TutorPhase.Idle, session.Phase);
            Assert.AreEqual(AnswerInput.None, session.Input);
            var start = session.Start("cafe-order");
            Assert.AreEqual(ClientMessage.TutorStart, start.Type);
            Assert.AreEqual("cafe-order", start.Payload["lessonId"]);
            Assert.IsFalse(new TutorSession().Start().Payload.ContainsKey("lessonId"), "no lesson named: none sent");
            Assert.AreEqual(TutorPhase.Waiting, session.Phase);
            Assert.IsNull(session.Start(), "already starting");
            Assert.AreEqual(Refusal.NotNow, session.LastRefusal);
        }

        [Test]
        public void APromptShowsAndItsAudioPlaysOnce()
        {
            var session = Started(Prompt("cafe.order", audioUrl: "/media/tts/a.wav"));
            Assert.AreEqual(TutorPhase.Prompt, session.Phase);
            Assert.AreEqual(AnswerInput.Text, session.Input);
            Assert.AreEqual(1, session.Attempt);
            Assert.AreEqual(3, session.MaxAttempts);
            Assert.AreEqual("/media/tts/a.wav", session.TakeAudio());
            Assert.IsNull(session.TakeAudio());
            Assert.AreEqual("/media/tts/a.wav", session.ReplayAudio);
            session.BeginAnswer();
            Assert.AreEqual(TutorPhase.Answering, session.Phase);
            Assert.IsTrue(session.CanRecord);
        }

        [Test]
        public void AnAnswerIsSentTrimmedOnceAndThenWaitsForTheTutor()
        {
            var session = Started(Prompt("cafe.order"));
            Assert.IsNull(session.Answer("   "));
            Assert.AreEqual(Refusal.EmptyAnswer, session.LastRefusal);
            Assert.IsNull(session.Answer(new string('가', Limits.AnswerMaxLength + 1)));
            Assert.AreEqual(Refusal.AnswerTooLong, session.LastRefusal);
            var answer = session.Answer("  아메리카노 한 잔 주세요 ");
            Assert.AreEqual(ClientMessage.TutorAnswer, answer.Type);
            Assert.AreEqual("아메리카노 한 잔 주세요", answer.Payload["text"]);
            Assert.AreEqual(Refusal.None, session.LastRefusal);
            Assert.AreEqual(TutorPhase.Waiting, session.Phase);
            Assert.IsNull(session.Answer("again"), "one answer at a time");
            Assert.AreEqual(Refusal.NotNow, session.LastRefusal);
            Assert.IsFalse(session.CanRecord);
        }

        [Test]
        public void ARetryKeepsTheFeedbackUpUntilTheLearnerGoesOn()
        {
            var session = Started(Prompt("cafe.order"));
            session.Answer("커피");
            session.OnFeedback(Feedback("cafe.order", TurnOutcome.Retry, "/media/tts/fb.wav"));
            session.OnPrompt(Prompt("cafe.order", attempt: 2));
            Assert.AreEqual(TutorPhase.Feedback, session.Phase);
            Assert.AreEqual(1, session.Attempt, "the new attempt waits behind the feedback");
            Assert.AreEqual("/media/tts/fb.wav", session.TakeAudio());
            session.Continue();
            Assert.AreEqual(TutorPhase.Prompt, session.Phase);
            Assert.AreEqual(2, session.Attempt);
            Assert.IsNotNull(session.Feedback, "the same activity: its last feedback still applies");
        }

        [Test]
        public void AnsweringFromTheFeedbackGoesOnFirst()
        {
            var session = Started(Prompt("cafe.order"));
            session.Answer("커피");
            session.OnFeedback(Feedback("cafe.order", TurnOutcome.Retry));
            session.OnPrompt(Prompt("cafe.order", attempt: 2));
            Assert.IsNotNull(session.Answer("아메리카노 주세요"));
            Assert.AreEqual(2, session.Attempt);
            Assert.AreEqual(TutorPhase.Waiting, session.Phase);
        }

        [Test]
        public void ANewActivityClearsTheLastFeedbackAndHints()
        {
            var session = Started(Prompt("cafe.greet"));
            session.OnHint(new TutorHintMessage { activityId = "cafe.greet", ko = "안녕하세요", text = "Hello", remaining = 1 });
            Assert.AreEqual(1, session.Hints.Count);
            session.Answer("안녕하세요");
            session.OnFeedback(Feedback("cafe.greet", TurnOutcome.Advance));
            session.OnPrompt(Prompt("cafe.order", audioUrl: "/media/tts/b.wav"));
            Assert.IsNull(session.TakeAudio(), "the next line is not played over the feedback");
            session.Continue();
            Assert.AreEqual("cafe.order", session.Prompt.activityId);
            Assert.IsNull(session.Feedback);
            Assert.AreEqual(0, session.Hints.Count);
            Assert.AreEqual("/media/tts/b.wav", session.TakeAudio());
        }

        [Test]
        public void AChoiceIsPickedNotTyped()
        {
            var session = Started(Prompt("cafe.size", ActivityKind.Choice));
            Assert.AreEqual(AnswerInput.Choice, session.Input);
            Assert.IsFalse(session.CanRecord);
            Assert.AreEqual(2, session.Options.Count);
            Assert.AreEqual("네", session.Options[0].Label);
            Assert.AreEqual("No", session.Options[1].Translation);
            Assert.IsNull(session.Answer("네"));
            Assert.AreEqual(Refusal.ChooseInstead, session.LastRefusal);
            Assert.IsNull(session.AnswerByVoice("0e4b2f8a-0000-4000-8000-000000000000"));
            Assert.AreEqual(Refusal.ChooseInstead, session.LastRefusal);
            Assert.IsNull(session.Choose(2));
            Assert.AreEqual(Refusal.NoSuchOption, session.LastRefusal);
            var choose = session.Choose(1);
            Assert.AreEqual(ClientMessage.TutorChoose, choose.Type);
            Assert.AreEqual(1, choose.Payload["index"]);
        }

        [Test]
        public void AListenActivityOffersTheTranslationsOnly()
        {
            var session = Started(Prompt("cafe.listen", ActivityKind.Listen));
            Assert.AreEqual(3, session.Options.Count);
            Assert.IsNull(session.Options[2].Korean);
            Assert.AreEqual("Water", session.Options[2].Label);
            Assert.IsNull(new TutorSession().Choose(0), "nothing to choose from yet");
            Assert.AreEqual(0, Started(Prompt("cafe.order")).Options.Count);
        }

        [Test]
        public void BusyGivesTheAnswerBackToResend()
        {
            var session = Started(Prompt("cafe.order"));
            session.Answer("커피 주세요");
            session.OnBusy(new TutorBusyMessage { activityId = "cafe.order", message = "One moment." });
            Assert.AreEqual(TutorPhase.Answering, session.Phase);
            Assert.AreEqual("One moment.", session.Notice);
            Assert.IsNotNull(session.Answer("커피 주세요"));
        }

        [Test]
        public void NoVoiceMeansTyping()
        {
            var session = Started(Prompt("cafe.order"));
            Assert.IsNotNull(session.AnswerByVoice("0e4b2f8a-0000-4000-8000-000000000000"));
            Assert.IsTrue(session.OnError(new ErrorMessage { code = TutorErrorCode.VoiceUnavailable, message = "Type instead." }));
            Assert.AreEqual(TutorPhase.Answering, session.Phase);
            Assert.AreEqual(TutorErrorCode.VoiceUnavailable, session.NoticeCode);
            Assert.IsFalse(session.VoiceAvailable);
            Assert.IsFalse(session.CanRecord);
            Assert.IsNull(session.AnswerByVoice("0e4b2f8a-0000-4000-8000-000000000000"));
            Assert.AreEqual(Refusal.VoiceUnavailable, session.LastRefusal);
            Assert.IsNull(new TutorSession().AnswerByVoice(null));
            Assert.IsNull(Started(Prompt("cafe.order")).AnswerByVoice(""));
        }

        [Test]
        public void ErrorsAboutOthersAreLeftToOthers()
        {
            var session = Started(Prompt("cafe.order"));
            Assert.IsFalse(session.OnError(new ErrorMessage { code = ErrorCode.ChatEmpty, message = "empty" }));
            Assert.IsFalse(session.OnError(new ErrorMessage { code = ErrorCode.RateLimited, message = "slow down" }), "not waiting: about chat or moves");
            Assert.IsNull(session.Notice);
            session.Answer("커피");
            Assert.IsTrue(session.OnError(new ErrorMessage { code = ErrorCode.RateLimited, message = "slow down" }));
            Assert.AreEqual(TutorPhase.Answering, session.Phase);
        }

        [Test]
        public void NotStartedOnTheServerMeansIdle()
        {
            var session = Started(Prompt("cafe.order"));
            Assert.IsTrue(session.OnError(new ErrorMessage { code = TutorErrorCode.NotStarted, message = "Start first." }));
            Assert.AreEqual(TutorPhase.Idle, session.Phase);
            Assert.IsNull(session.Prompt);
            var unknown = new TutorSession();
            unknown.Start("nope");
            Assert.IsTrue(unknown.OnError(new ErrorMessage { code = TutorErrorCode.UnknownLesson, message = "No such lesson." }));
            Assert.AreEqual(TutorPhase.Idle, unknown.Phase);
            Assert.AreEqual("No such lesson.", unknown.Notice);
        }

        [Test]
        public void TheLastFeedbackThenTheSummary()
        {
            var session = Started(Prompt("cafe.thanks"));
            session.Answer("감사합니다");
            session.OnFeedback(Feedback("cafe.thanks", TurnOutcome.Advance));
            var done = new TutorDoneMessage { lessonId = "cafe-order", feedback = "Well done!", summary = new LessonSummary { lessonId = "cafe-order", activities = 3, passed = 3 } };
            session.OnDone(done);
            Assert.AreEqual(TutorPhase.Feedback, session.Phase);
            session.Continue();
            Assert.AreEqual(TutorPhase.Done, session.Phase);
            Assert.AreSame(done, session.Summary);
            Assert.IsNull(session.Hint());
            Assert.IsNotNull(session.Start(), "another lesson may start");
        }

        [Test]
        public void GoingOnBeforeTheNextPromptWaitsForIt()
        {
            var session = Started(Prompt("cafe.greet"));
            session.Answer("안녕하세요");
            session.OnFeedback(Feedback("cafe.greet", TurnOutcome.Advance));
            session.Continue();
            Assert.AreEqual(TutorPhase.Waiting, session.Phase);
            session.OnPrompt(Prompt("cafe.order"));
            Assert.AreEqual(TutorPhase.Prompt, session.Phase);
        }

        [Test]
        public void HintsRepeatsAndSkips()
        {
            var session = Started(Prompt("cafe.order"));
            Assert.AreEqual(ClientMessage.TutorHint, session.Hint().Type);
            Assert.IsNull(session.Hint().Payload);
            Assert.AreEqual(ClientMessage.TutorRepeat, session.Repeat().Type);
            session.OnHint(new TutorHintMessage { activityId = "cafe.order", ko = "", text = "No hints left.", remaining = 0 });
            Assert.AreEqual(0, session.Hints.Count);
            Assert.AreEqual("No hints left.", session.Notice);
            var skip = session.Skip();
            Assert.AreEqual(ClientMessage.TutorSkip, skip.Type);
            Assert.AreEqual(TutorPhase.Waiting, session.Phase);
            Assert.IsNull(session.Skip());
            Assert.IsNotNull(session.Hint(), "hints are answered while the tutor judges");
        }

        [Test]
        public void AfterAReconnectionTheActivityIsAskedForAgain()
        {
            Assert.IsNull(new TutorSession().OnReconnected());
            var session = Started(Prompt("cafe.order"));
            session.Answer("커피");
            var again = session.OnReconnected();
            Assert.AreEqual(ClientMessage.TutorRepeat, again.Type);
            session.OnPrompt(Prompt("cafe.order", attempt: 2));
            Assert.AreEqual(TutorPhase.Prompt, session.Phase);
            Assert.AreEqual(2, session.Attempt);
        }

        [Test]
        public void ResetForgetsEverything()
        {
            var session = Started(Prompt("cafe.order", audioUrl: "/a.wav"));
            session.Reset();
            Assert.AreEqual(TutorPhase.Idle, session.Phase);
            Assert.IsNull(session.Prompt);
            Assert.IsNull(session.TakeAudio());
        }
    
        [Test]
        public void ReviewsComeFirstThenTheLesson()
        {
            var review = Prompt("cafe.order");
            review.review = new ReviewPrompt { itemId = "r1", said = "커피 일 잔 주세요" };
            review.maxAttempts = 1;
            var session = Started(review);
            Assert.IsTrue(session.IsReview);
            session.Answer("커피 한 잔 주세요");
            session.OnFeedback(Feedback("cafe.order", TurnOutcome.Advance));
            session.OnReviewDone(new TutorReviewDoneMessage { reviewed = 1, passed = 1, feedback = "All reviewed." });
            session.OnPrompt(Prompt("cafe.greet"));
            Assert.AreEqual(TutorPhase.Feedback, session.Phase);
            session.Continue();
            Assert.AreEqual("cafe.greet", session.Prompt.activityId);
            Assert.IsFalse(session.IsReview);
            Assert.AreEqual(1, session.ReviewSummary.passed);
        }

        [Test]
        public void ReviewsAskedForWithNoLessonEndIdle()
        {
            var session = new TutorSession();
            var ask = session.Review();
            Assert.AreEqual(ClientMessage.TutorReview, ask.Type);
            Assert.IsNull(ask.Payload);
            Assert.IsNull(session.Review(), "already asked");
            var review = Prompt("cafe.order");
            review.review = new ReviewPrompt { itemId = "r1", said = "커피" };
            session.OnPrompt(review);
            session.Answer("커피 주세요");
            session.OnFeedback(Feedback("cafe.order", TurnOutcome.Reveal));
            session.OnReviewDone(new TutorReviewDoneMessage { reviewed = 1, passed = 0, feedback = "Keep at it." });
            session.Continue();
            Assert.AreEqual(TutorPhase.Idle, session.Phase);
            Assert.IsNull(session.Prompt);
            Assert.AreEqual("Keep at it.", session.Notice);
        }

        [Test]
        public void NoReviewDueLeavesTheLessonAsItWas()
        {
            var session = Started(Prompt("cafe.order"));
            session.BeginAnswer();
            Assert.IsNotNull(session.Review());
            session.OnReviewDone(new TutorReviewDoneMessage { reviewed = 0, passed = 0, feedback = "Nothing to review." });
            Assert.AreEqual(TutorPhase.Answering, session.Phase);
            Assert.AreEqual("cafe.order", session.Prompt.activityId);
            var idle = new TutorSession();
            idle.Review();
            idle.OnReviewDone(new TutorReviewDoneMessage { reviewed = 0, passed = 0, feedback = "Nothing to review." });
            Assert.AreEqual(TutorPhase.Idle, idle.Phase);
        }
    }
}
