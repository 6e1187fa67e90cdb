using System;
using System.Threading.Tasks;
using Koto.Core;
using UnityEngine;
using UnityEngine.Networking;

namespace Koto.Unity
{
    [Serializable]
    public class GuestSignIn
    {
        public string name;
        /// <summary>"en", "id" or "vi": the language of the tutor's feedback.</summary>
        public string lang;
    }

    [Serializable]
    public class Learner
    {
        public string userId;
        public string name;
        public string lang;
    }

    [Serializable]
    public class SignedIn
    {
        public string token;
        public string expiresAt;
        public Learner learner;
    }

    [Serializable]
    public class Features
    {
        /// <summary>Recorded answers are transcribed: offer a record button.</summary>
        public bool voiceAnswers;
        /// <summary>Tutor lines come with audio.</summary>
        public bool tutorVoice;
    }

    [Serializable]
    public class UploadedRecording
    {
        public string audioId;
        public int durationMs;
        public string expiresAt;
    }

    /// <summary>A refused HTTP call: the status and the server's error code (docs/protocol.md, section 8).</summary>
    public class KotoApiException : Exception
    {
        public readonly long Status;
        public readonly string Body;

        public KotoApiException(string what, long status, string body) : base(what + " failed: " + status + " " + body)
        {
            Status = status;
            Body = body;
        }
    }

    /// <summary>KOTO's HTTP endpoints a Unity client needs, over UnityWebRequest (WebGL included).</summary>
    public static class KotoApi
    {
        public static async Task<SignedIn> SignInAsGuest(string serverUrl, string name, string lang)
        {
            var body = JsonUtility.ToJson(new GuestSignIn { name = name, lang = lang });
            var request = new UnityWebRequest(Url(serverUrl, "/api/v1/auth/guest"), "POST")
            {
                uploadHandler = new UploadHandlerRaw(System.Text.Encoding.UTF8.GetBytes(body)),
                downloadHandler = new DownloadHandlerBuffer(),
            };
            request.SetRequestHeader("Content-Type", "application/json");
            return JsonUtility.FromJson<SignedIn>(await Send(request, "guest sign-in", 201));
        }

        public static async Task<Features> GetFeatures(string serverUrl)
        {
            var request = UnityWebRequest.Get(Url(serverUrl, "/api/v1/features"));
            return JsonUtility.FromJson<Features>(await Send(request, "features", 200));
        }

        /// <summary>Uploads a recording (a WAV from <see cref="WavEncoder"/>) and returns its id for <c>tutor:audio</c>.</summary>
        public static async Task<UploadedRecording> UploadRecording(string serverUrl, string token, byte[] wav)
        {
            var request = new UnityWebRequest(Url(serverUrl, "/api/v1/audio"), "POST")
            {
                uploadHandler = new UploadHandlerRaw(wav),
                downloadHandler = new DownloadHandlerBuffer(),
            };
            request.SetRequestHeader("Content-Type", WavEncoder.ContentType);
            request.SetRequestHeader("Authorization", "Bearer " + token);
            return JsonUtility.FromJson<UploadedRecording>(await Send(request, "recording upload", 201));
        }

        /// <summary>Downloads a tutor line or spoken feedback as a clip.</summary>
        public static async Task<AudioClip> GetAudio(string serverUrl, string url)
        {
            var format = Media.FormatOf(url);
            var type = format == "mp3" ? AudioType.MPEG : format == "ogg" ? AudioType.OGGVORBIS : AudioType.WAV;
            using (var request = UnityWebRequestMultimedia.GetAudioClip(Media.Resolve(serverUrl, url), type))
            {
                await Completion(request);
                if (request.result != UnityWebRequest.Result.Success) throw new KotoApiException("audio", request.responseCode, request.error);
                return DownloadHandlerAudioClip.GetContent(request);
            }
        }

        static string Url(string serverUrl, string path)
        {
            return Media.Resolve(serverUrl, path);
        }

        static async Task<string> Send(UnityWebRequest request, string what, long expected)
        {
            using (request)
            {
                await Completion(request);
                var text = request.downloadHandler != null ? request.downloadHandler.text : "";
                if (request.responseCode != expected) throw new KotoApiException(what, request.responseCode, text);
                return text;
            }
        }

        /// <summary>A request as a Task: completes on Unity's main thread, where it was sent.</summary>
        static Task Completion(UnityWebRequest request)
        {
            var done = new TaskCompletionSource<bool>();
            request.SendWebRequest().completed += _ => done.TrySetResult(true);
            return done.Task;
        }
    }
}
