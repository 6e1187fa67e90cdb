using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Colyseus;
using Colyseus.Schema;
using Koto.Core;
using Koto.Protocol;
using Koto.Schema;
using UnityEngine;

namespace Koto.Unity
{
    /// <summary>
    /// Signs in as a guest, joins a scene with the Colyseus 0.18 SDK and the learner's token,
    /// and turns the room into events for the views (avatars, the NPC, chat) and the tutor
    /// state (<see cref="Tutor"/>). Rejoins when the server drains or the connection is lost for
    /// good; the SDK itself reconnects after short drops.
    /// </summary>
    public class KotoClient : MonoBehaviour
    {
        [Tooltip("The server's HTTP address; the SDK derives the WebSocket one.")]
        public string serverUrl = "http://localhost:2567";
        public string learnerName = "Learner";
        [Tooltip("The language of the tutor's feedback: en, id or vi.")]
        public string lang = "en";
        public string roomName = RoomName.Cafe;
        [Tooltip("The lesson tutor:start begins; empty for the scene's own.")]
        public string lessonId = "";
        public bool connectOnStart = true;

        public Room<SceneState> Room { get; private set; }
        public string Token { get; private set; }
        public string SessionId { get { return Room == null ? null : Room.SessionId; } }
        public readonly TutorSession Tutor = new TutorSession();
        public ChatLog Chat { get; private set; }

        public event Action<string, AvatarState> AvatarAdded;
        public event Action<string, AvatarState> AvatarChanged;
        public event Action<string> AvatarRemoved;
        public event Action<NpcState> NpcChanged;
        public event Action<ChatLine> ChatReceived;
        /// <summary>An operator took a chat line back: stop showing it (by <see cref="ChatLine.Id"/>).</summary>
        public event Action<string> ChatRemoved;
        /// <summary>Anything in <see cref="Tutor"/> changed: redraw the panel.</summary>
        public event Action TutorChanged;
        /// <summary>A status line for the learner: connecting, reconnecting, why the room was left.</summary>
        public event Action<string> Status;

        Client client;
        bool leaving;
        readonly HashSet<string> avatars = new HashSet<string>();

        async void Start()
        {
            if (connectOnStart) await Connect();
        }

        async void OnDestroy()
        {
            leaving = true;
            if (Room != null) await Room.Leave();
        }

        public async Task Connect()
        {
            try
            {
                Status?.Invoke("Signing in…");
                Token = (await KotoApi.SignInAsGuest(serverUrl, learnerName, lang)).token;
                Tutor.VoiceAvailable = (await KotoApi.GetFeatures(serverUrl)).voiceAnswers;
                client = new Client(serverUrl);
                await Join();
            }
            catch (Exception e)
            {
                Status?.Invoke("Could not connect: " + e.Message);
            }
        }

        async Task Join()
        {
            // The SDK sends this token with matchmaking, the WebSocket and every reconnection.
            client.Auth.Token = Token;
            var options = new Dictionary<string, object> { { "lang", lang } };
            if (!string.IsNullOrEmpty(lessonId)) options["lessonId"] = lessonId;
            Status?.Invoke("Joining " + roomName + "…");
            var room = await client.JoinOrCreate<SceneState>(roomName, options);
            Attach(room);
            Status?.Invoke(null);
        }

        void Attach(Room<SceneState> room)
        {
            Room = room;
            Chat = new ChatLog(room.SessionId);
            Tutor.Reset();
            RegisterMessages(room);
            // The callback rule: the generated state starts with empty placeholder collections, which
            // the first full state replaces. Callbacks registered before it hang on the placeholders
            // and never fire, so register once the first state is in (and only once: a reconnection
            // sends the state again into the same instances).
            var registered = false;
            room.OnStateChange += (state, isFirstState) =>
            {
                if (!isFirstState || registered) return;
                registered = true;
                RegisterState(room);
            };
            // Should the first state have come in before this handler (it follows the join by a
            // round trip, so it should not), `scene` is already set: register now.
            if (!registered && room.State != null && room.State.scene != null)
            {
                registered = true;
                RegisterState(room);
            }
            room.OnDrop += code => Status?.Invoke("Connection lost; reconnecting…");
            room.OnReconnect += () =>
            {
                Status?.Invoke(null);
                Send(Tutor.OnReconnected());
                TutorChanged?.Invoke();
            };
            room.OnLeave += code => OnLeft(room, code);
            room.OnError += (code, message) => Debug.LogWarning("KOTO room error " + code + ": " + message);
        }

        void RegisterMessages(Room<SceneState> room)
        {
            OnTutorMessage<TutorPromptMessage>(room, ServerMessage.TutorPrompt, Tutor.OnPrompt);
            OnTutorMessage<TutorFeedbackMessage>(room, ServerMessage.TutorFeedback, Tutor.OnFeedback);
            OnTutorMessage<TutorHintMessage>(room, ServerMessage.TutorHint, Tutor.OnHint);
            OnTutorMessage<TutorBusyMessage>(room, ServerMessage.TutorBusy, Tutor.OnBusy);
            OnTutorMessage<TutorDoneMessage>(room, ServerMessage.TutorDone, Tutor.OnDone);
            OnTutorMessage<TutorReviewDoneMessage>(room, ServerMessage.TutorReviewDone, Tutor.OnReviewDone);
            room.OnMessage<ErrorMessage>(ServerMessage.Error, m =>
            {
                if (Tutor.OnError(m)) TutorChanged?.Invoke();
                else Status?.Invoke(m.message);
            });
            room.OnMessage<ChatMessage>(ServerMessage.Chat, m => ChatReceived?.Invoke(Chat.Add(m)));
            room.OnMessage<ChatRemovedMessage>(ServerMessage.ChatRemoved, m =>
            {
                if (Chat.Remove(m)) ChatRemoved?.Invoke(m.id);
            });
            // A mute, an unmute or a removal (followed by close code 4005): the learner is told why.
            room.OnMessage<ModerationMessage>(ServerMessage.Moderation, m => Status?.Invoke(m.message));
            room.OnMessage<NoticeMessage>(ServerMessage.ServerDraining, m => Status?.Invoke(m.message));
            room.OnMessage<NoticeMessage>(ServerMessage.SessionReplaced, m => Status?.Invoke(m.message));
        }

        void OnTutorMessage<T>(Room<SceneState> room, string type, Action<T> handle)
        {
            room.OnMessage<T>(type, message =>
            {
                handle(message);
                TutorChanged?.Invoke();
            });
        }

        void RegisterState(Room<SceneState> room)
        {
            var callbacks = Callbacks.Get(room);
            callbacks.OnAdd(state => state.avatars, (sessionId, avatar) =>
            {
                avatars.Add(sessionId);
                AvatarAdded?.Invoke(sessionId, avatar);
                callbacks.OnChange(avatar, () => AvatarChanged?.Invoke(sessionId, avatar));
            });
            callbacks.OnRemove(state => state.avatars, (sessionId, avatar) =>
            {
                avatars.Remove(sessionId);
                AvatarRemoved?.Invoke(sessionId);
            });
            callbacks.Listen(state => state.npc, (npc, previous) =>
            {
                if (npc == null) return;
                NpcChanged?.Invoke(npc);
                callbacks.OnChange(npc, () => NpcChanged?.Invoke(npc));
            });
        }

        async void OnLeft(Room<SceneState> room, int code)
        {
            if (room != Room) return;
            foreach (var sessionId in new List<string>(avatars)) AvatarRemoved?.Invoke(sessionId);
            avatars.Clear();
            Room = null;
            var next = leaving ? AfterLeaving.Stay : LeavePolicy.After(code);
            if (next == AfterLeaving.Stay) return;
            if (next == AfterLeaving.GiveUp)
            {
                Status?.Invoke("Left the room (" + code + ").");
                return;
            }
            // The lesson resumes from the stored progress in the new room.
            Status?.Invoke("Rejoining…");
            await Task.Delay(1000);
            try
            {
                if (next == AfterLeaving.SignInAndRejoin) Token = (await KotoApi.SignInAsGuest(serverUrl, learnerName, lang)).token;
                await Join();
            }
            catch (Exception e)
            {
                Status?.Invoke("Could not rejoin: " + e.Message);
            }
        }

        /// <summary>Sends what the core decided; nothing when it decided nothing.</summary>
        public void Send(Outgoing message)
        {
            if (message == null || Room == null) return;
            _ = message.Payload == null ? Room.Send(message.Type) : Room.Send(message.Type, message.Payload);
        }

        /// <summary>Sends a tutor action and redraws the panel (a refusal shows too).</summary>
        public void SendTutor(Outgoing message)
        {
            Send(message);
            TutorChanged?.Invoke();
        }

        /// <summary>Says a chat line; <see cref="ChatCheck.Ok"/> when it went out.</summary>
        public ChatCheck Say(string text)
        {
            ChatCheck check;
            Send(ChatText.Command(text, out check));
            return check;
        }

        public void Emote(string name)
        {
            Send(AvatarCommands.Emote(name));
        }
    }
}
