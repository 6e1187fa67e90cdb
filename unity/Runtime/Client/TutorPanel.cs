using System.Collections.Generic;
using Koto.Core;
using UnityEngine;
using UnityEngine.UI;

namespace Koto.Unity
{
    /// <summary>
    /// The tutor panel (UGUI), drawn from <see cref="KotoClient.Tutor"/> whenever it changes: the
    /// line, its translation and task, a text box or one button per option, record, hint, skip,
    /// the feedback with the correction, and the summary. It plays each clip the tutor session
    /// hands out once.
    /// </summary>
    public class TutorPanel : MonoBehaviour
    {
        public KotoClient client;
        public MicRecorder recorder;
        public AudioSource voice;
        public Text lineText;
        public Text translationText;
        public Text taskText;
        public Text attemptText;
        public Text feedbackText;
        public Text noticeText;
        public InputField answerInput;
        public Button sendButton;
        public Button recordButton;
        public Button hintButton;
        public Button skipButton;
        public Button continueButton;
        public Button startButton;
        [Tooltip("Optional: asks for the learner's due reviews now.")]
        public Button reviewButton;
        [Tooltip("Holds one copy of optionPrefab per option.")]
        public Transform optionsParent;
        public Button optionPrefab;

        readonly List<Button> options = new List<Button>();
        TutorSession Tutor { get { return client.Tutor; } }

        void OnEnable()
        {
            client.TutorChanged += Refresh;
            if (recorder != null) recorder.Failed += ShowNotice;
            startButton.onClick.AddListener(() => client.SendTutor(Tutor.Start()));
            sendButton.onClick.AddListener(SendTyped);
            answerInput.onValueChanged.AddListener(_ => Tutor.BeginAnswer());
            hintButton.onClick.AddListener(() => client.SendTutor(Tutor.Hint()));
            skipButton.onClick.AddListener(() => client.SendTutor(Tutor.Skip()));
            continueButton.onClick.AddListener(() =>
            {
                Tutor.Continue();
                Refresh();
            });
            if (recordButton != null) recordButton.onClick.AddListener(ToggleRecording);
            if (reviewButton != null) reviewButton.onClick.AddListener(() => client.SendTutor(Tutor.Review()));
            Refresh();
        }

        void OnDisable()
        {
            client.TutorChanged -= Refresh;
            if (recorder != null) recorder.Failed -= ShowNotice;
            foreach (var button in new[] { startButton, sendButton, hintButton, skipButton, continueButton, recordButton, reviewButton })
                if (button != null) button.onClick.RemoveAllListeners();
            answerInput.onValueChanged.RemoveAllListeners();
        }

        void SendTyped()
        {
            client.SendTutor(Tutor.Answer(answerInput.text));
            if (Tutor.LastRefusal == Refusal.None) answerInput.text = "";
        }

        async void ToggleRecording()
        {
            if (recorder.Recording) await recorder.EndAndSend();
            else recorder.Begin();
            Refresh();
        }

        void ShowNotice(string text)
        {
            noticeText.text = text;
        }

        void Refresh()
        {
            var prompt = Tutor.Prompt;
            var phase = Tutor.Phase;
            lineText.text = prompt == null ? "" : string.IsNullOrEmpty(prompt.text) ? "♪" : prompt.text;
            translationText.text = prompt == null ? "" : prompt.translation;
            taskText.text = prompt == null ? "" : string.IsNullOrEmpty(prompt.sentence) ? prompt.task : prompt.task + "\n" + prompt.sentence;
            attemptText.text = prompt == null ? "" : (Tutor.IsReview ? "Review " : "") + (prompt.index + 1) + " / " + prompt.total + ", attempt " + Tutor.Attempt + " / " + Tutor.MaxAttempts;
            feedbackText.text = FeedbackText();
            noticeText.text = Tutor.Notice ?? RefusalText(Tutor.LastRefusal);

            var answering = phase == TutorPhase.Prompt || phase == TutorPhase.Answering;
            var typing = Tutor.Input == AnswerInput.Text;
            startButton.gameObject.SetActive(phase == TutorPhase.Idle || phase == TutorPhase.Done);
            if (reviewButton != null) reviewButton.gameObject.SetActive(phase != TutorPhase.Waiting && phase != TutorPhase.Feedback);
            answerInput.gameObject.SetActive(typing && answering);
            sendButton.gameObject.SetActive(typing && answering);
            if (recordButton != null) recordButton.gameObject.SetActive(recorder != null && (recorder.Recording || recorder.Available));
            hintButton.gameObject.SetActive(prompt != null && phase != TutorPhase.Done);
            skipButton.gameObject.SetActive(answering);
            continueButton.gameObject.SetActive(phase == TutorPhase.Feedback);
            DrawOptions(answering);
            PlayNext();
        }

        string FeedbackText()
        {
            if (Tutor.Phase == TutorPhase.Done && Tutor.Summary != null) return Tutor.Summary.feedback;
            var feedback = Tutor.Feedback;
            if (feedback == null) return "";
            var text = feedback.feedback;
            if (!string.IsNullOrEmpty(feedback.transcript)) text = "“" + feedback.transcript + "”\n" + text;
            if (!string.IsNullOrEmpty(feedback.line)) text += "\n" + feedback.line + " — " + feedback.lineTranslation;
            return text;
        }

        static string RefusalText(Refusal refusal)
        {
            switch (refusal)
            {
                case Refusal.EmptyAnswer: return "Type an answer first.";
                case Refusal.AnswerTooLong: return "That answer is too long.";
                case Refusal.ChooseInstead: return "Pick one of the options.";
                case Refusal.TypeInstead: return "Type or say your answer.";
                case Refusal.VoiceUnavailable: return "Voice answers are not available: type instead.";
                default: return "";
            }
        }

        void DrawOptions(bool answering)
        {
            foreach (var button in options) Destroy(button.gameObject);
            options.Clear();
            if (!answering || Tutor.Input != AnswerInput.Choice) return;
            foreach (var option in Tutor.Options)
            {
                var button = Instantiate(optionPrefab, optionsParent);
                var label = button.GetComponentInChildren<Text>();
                label.text = option.Korean != null && option.Translation != null ? option.Korean + "\n" + option.Translation : option.Label;
                var index = option.Index;
                button.onClick.AddListener(() => client.SendTutor(Tutor.Choose(index)));
                options.Add(button);
            }
        }

        async void PlayNext()
        {
            var url = Tutor.TakeAudio();
            if (url == null || voice == null) return;
            try
            {
                voice.clip = await KotoApi.GetAudio(client.serverUrl, url);
                voice.Play();
            }
            catch (KotoApiException e)
            {
                // The text is on screen already; a missing clip is not worth interrupting for.
                Debug.LogWarning(e.Message);
            }
        }
    }
}
