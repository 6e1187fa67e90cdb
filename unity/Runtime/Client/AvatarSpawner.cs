using System.Collections.Generic;
using Koto.Core;
using Koto.Schema;
using UnityEngine;

namespace Koto.Unity
{
    /// <summary>
    /// One avatar prefab per learner in the room, added and removed with the state; the
    /// learner's own avatar walks with the arrow keys or WASD (legacy Input Manager axes) and
    /// its moves go to the server at most every 100 ms.
    /// </summary>
    public class AvatarSpawner : MonoBehaviour
    {
        public KotoClient client;
        [Tooltip("Needs an AvatarView.")]
        public AvatarView avatarPrefab;
        [Tooltip("Metres per second; under the server's walking speed (4 m/s) so moves are not clamped.")]
        public float walkSpeed = 3.5f;

        readonly Dictionary<string, AvatarView> views = new Dictionary<string, AvatarView>();
        readonly MoveGate gate = new MoveGate();

        public AvatarView Mine { get; private set; }

        public bool TryGet(string sessionId, out AvatarView view)
        {
            return views.TryGetValue(sessionId, out view);
        }

        void OnEnable()
        {
            client.AvatarAdded += Add;
            client.AvatarChanged += Change;
            client.AvatarRemoved += Remove;
        }

        void OnDisable()
        {
            client.AvatarAdded -= Add;
            client.AvatarChanged -= Change;
            client.AvatarRemoved -= Remove;
        }

        void Add(string sessionId, AvatarState state)
        {
            if (views.ContainsKey(sessionId)) return;
            var view = Instantiate(avatarPrefab, transform);
            view.name = "Avatar " + state.name;
            var mine = sessionId == client.SessionId;
            view.Bind(sessionId, state, mine);
            views[sessionId] = view;
            if (mine) Mine = view;
        }

        void Change(string sessionId, AvatarState state)
        {
            AvatarView view;
            if (views.TryGetValue(sessionId, out view)) view.Apply(state);
        }

        void Remove(string sessionId)
        {
            AvatarView view;
            if (!views.TryGetValue(sessionId, out view)) return;
            views.Remove(sessionId);
            if (view == Mine) Mine = null;
            Destroy(view.gameObject);
        }

        void Update()
        {
            if (Mine == null) return;
            var east = Input.GetAxis("Horizontal");
            var north = Input.GetAxis("Vertical");
            if (Mathf.Abs(east) < 0.01f && Mathf.Abs(north) < 0.01f) return;
            var step = walkSpeed * Time.deltaTime;
            var at = Mine.Ground;
            var next = new GroundPoint(at.X + east * step, at.Y + north * step);
            var facing = GroundPlane.FacingOf(east, north, Mine.Facing);
            Mine.MoveLocally(next, facing);
            if (gate.ShouldSend(Time.time, next.X, next.Y, facing)) client.Send(AvatarCommands.Move(next, facing));
        }
    }
}
