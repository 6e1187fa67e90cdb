using Koto.Core;
using Koto.Schema;
using UnityEngine;

namespace Koto.Unity
{
    /// <summary>
    /// One learner's avatar: eases to the server's position and yaw, shows the name above it,
    /// the chat bubble and emote while the server has them, and plays the animation the server
    /// names (an Animator with states called idle, walk, run, sit, or emote names as triggers).
    /// </summary>
    public class AvatarView : MonoBehaviour
    {
        public TextMesh nameLabel;
        public TextMesh bubble;
        public Animator animator;
        [Tooltip("The avatar's own learner: moved by input here, corrected by the server.")]
        public bool isMine;

        public string SessionId { get; private set; }
        Follower follower;
        string anim = "";
        string emote = "";
        Camera view;

        public void Bind(string sessionId, AvatarState state, bool mine)
        {
            SessionId = sessionId;
            isMine = mine;
            follower = new Follower(state.x, state.y, state.facing);
            Apply(state);
            Place();
        }

        /// <summary>The server's latest for this avatar (an OnChange of its state).</summary>
        public void Apply(AvatarState state)
        {
            follower.SetTarget(state.x, state.y, state.facing);
            if (nameLabel != null) nameLabel.text = state.connected ? state.name : state.name + " …";
            if (bubble != null)
            {
                bubble.text = state.chat;
                bubble.gameObject.SetActive(!string.IsNullOrEmpty(state.chat));
            }
            if (animator != null && state.anim != anim) animator.CrossFade(state.anim, 0.15f);
            if (animator != null && state.emote != emote && !string.IsNullOrEmpty(state.emote)) animator.SetTrigger(state.emote);
            anim = state.anim;
            emote = state.emote;
        }

        /// <summary>Where the learner's own input put the avatar, ahead of the server: the follower is moved with it.</summary>
        public void MoveLocally(GroundPoint position, double facing)
        {
            follower = new Follower(position.X, position.Y, facing);
            Place();
        }

        public GroundPoint Ground
        {
            get { return new GroundPoint(follower.X, follower.Y); }
        }

        public double Facing
        {
            get { return follower.Facing; }
        }

        /// <summary>Metres between what is shown and where the server has the avatar.</summary>
        public double Drift
        {
            get { return follower.Gap; }
        }

        void Update()
        {
            if (follower == null) return;
            if (!isMine || follower.Gap > 1.0) follower.Step(Time.deltaTime);
            Place();
            if (view == null) view = Camera.main;
            // Labels face the camera, whichever way the avatar turns.
            if (view != null && nameLabel != null) nameLabel.transform.rotation = view.transform.rotation;
            if (view != null && bubble != null) bubble.transform.rotation = view.transform.rotation;
        }

        void Place()
        {
            var world = GroundPlane.ToWorld(follower.X, follower.Y, transform.position.y);
            transform.position = new Vector3(world.X, world.Y, world.Z);
            transform.rotation = Quaternion.Euler(0f, GroundPlane.YawDegrees(follower.Facing), 0f);
        }
    }
}
