using Koto.Core;
using Koto.Schema;
using UnityEngine;

namespace Koto.Unity
{
    /// <summary>
    /// The NPC tutor as everyone sees it: where it stands, its animation (idle, talk, listen, nod,
    /// explain: Animator states of those names), its latest line in Korean above it, and turning
    /// towards the learner it talks to.
    /// </summary>
    public class NpcView : MonoBehaviour
    {
        public KotoClient client;
        public AvatarSpawner avatars;
        public TextMesh lineLabel;
        public Animator animator;
        [Tooltip("Degrees per second when turning to a learner.")]
        public float turnSpeed = 240f;

        NpcState npc;
        string anim = "";
        float yaw;

        void OnEnable()
        {
            client.NpcChanged += Apply;
        }

        void OnDisable()
        {
            client.NpcChanged -= Apply;
        }

        void Apply(NpcState state)
        {
            var first = npc == null;
            npc = state;
            var world = GroundPlane.ToWorld(state.x, state.y, transform.position.y);
            transform.position = new Vector3(world.X, world.Y, world.Z);
            if (first) yaw = GroundPlane.YawDegrees(state.facing);
            if (lineLabel != null) lineLabel.text = state.line;
            if (animator != null && state.anim != anim) animator.CrossFade(state.anim, 0.15f);
            anim = state.anim;
        }

        void Update()
        {
            if (npc == null) return;
            var target = GroundPlane.YawDegrees(npc.facing);
            AvatarView learner;
            if (!string.IsNullOrEmpty(npc.talkingTo) && avatars != null && avatars.TryGet(npc.talkingTo, out learner))
            {
                var at = learner.Ground;
                target = (float)GroundPlane.FacingOf(at.X - npc.x, at.Y - npc.y, npc.facing);
            }
            yaw = Mathf.MoveTowardsAngle(yaw, target, turnSpeed * Time.deltaTime);
            transform.rotation = Quaternion.Euler(0f, yaw, 0f);
            var view = Camera.main;
            if (view != null && lineLabel != null) lineLabel.transform.rotation = view.transform.rotation;
        }
    }
}
