using System;
using System.Threading.Tasks;
using Koto.Core;
using UnityEngine;

namespace Koto.Unity
{
    /// <summary>
    /// Records an answer with the default microphone, encodes it as 16-bit PCM WAV, uploads it
    /// (<c>POST /api/v1/audio</c>) and sends <c>tutor:audio</c> with the id it gets. 16 kHz mono
    /// is what speech recognition wants and keeps 30 s (the server's limit) near 1 MB.
    /// </summary>
    public class MicRecorder : MonoBehaviour
    {
        public KotoClient client;
        public int sampleRate = 16000;
        [Tooltip("The server refuses recordings over 30 s.")]
        public int maxSeconds = 30;

        public bool Recording { get; private set; }
        public event Action<string> Failed;

        AudioClip clip;

        public bool Available
        {
            get { return Microphone.devices.Length > 0 && client.Tutor.CanRecord; }
        }

        public void Begin()
        {
            if (Recording || !Available) return;
            client.Tutor.BeginAnswer();
            clip = Microphone.Start(null, false, maxSeconds, sampleRate);
            Recording = true;
        }

        /// <summary>Stops, uploads and answers; the tutor panel shows the wait and then the feedback.</summary>
        public async Task EndAndSend()
        {
            if (!Recording) return;
            // The position must be read before End, which resets it.
            var frames = Microphone.GetPosition(null);
            Microphone.End(null);
            Recording = false;
            if (frames <= 0)
            {
                Failed?.Invoke("Nothing was recorded.");
                return;
            }
            var samples = new float[clip.samples * clip.channels];
            clip.GetData(samples, 0);
            var wav = WavEncoder.Encode(samples, frames * clip.channels, clip.channels, clip.frequency);
            try
            {
                var uploaded = await KotoApi.UploadRecording(client.serverUrl, client.Token, wav);
                client.SendTutor(client.Tutor.AnswerByVoice(uploaded.audioId));
            }
            catch (KotoApiException e)
            {
                // 413 too long or large, 415/422 not audio, 429 too many: say so and let the learner type.
                Failed?.Invoke(e.Message);
            }
        }
    }
}
