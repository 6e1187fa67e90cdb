using System;
using Koto.Protocol;

namespace Koto.Core
{
    /// <summary>The <c>emote</c> and <c>move</c> messages, checked against what the server accepts.</summary>
    public static class AvatarCommands
    {
        /// <summary>The <c>emote</c> message; an emote the server does not know is a programming error, refused here.</summary>
        public static Outgoing Emote(string name)
        {
            if (Array.IndexOf(Protocol.Emote.All, name) < 0) throw new ArgumentException("unknown emote \"" + name + "\"; one of " + string.Join(", ", Protocol.Emote.All), "name");
            return new Outgoing(ClientMessage.Emote, new EmoteCommand { name = name }.ToPayload());
        }

        /// <summary>
        /// The <c>move</c> message: where the learner wants to be. Without <paramref name="facing"/>
        /// the server turns the avatar the way it walked; without <paramref name="anim"/> it picks
        /// <c>walk</c> or <c>idle</c>.
        /// </summary>
        public static Outgoing Move(GroundPoint target, double? facing = null, string anim = null)
        {
            if (double.IsNaN(target.X) || double.IsInfinity(target.X) || double.IsNaN(target.Y) || double.IsInfinity(target.Y)) throw new ArgumentException("a move needs a finite position", "target");
            if (anim != null && Array.IndexOf(AvatarAnim.All, anim) < 0) throw new ArgumentException("unknown animation \"" + anim + "\"; one of " + string.Join(", ", AvatarAnim.All), "anim");
            var command = new MoveCommand { x = target.X, y = target.Y, facing = facing.HasValue ? GroundPlane.Normalize(facing.Value) : (double?)null, anim = anim };
            return new Outgoing(ClientMessage.Move, command.ToPayload());
        }
    }

    /// <summary>
    /// When to send the learner's own position: at most every <see cref="MinInterval"/> seconds
    /// (the server disconnects a client past 60 messages a second and drops moves past 20 a
    /// second), and only when it changed enough to matter.
    /// </summary>
    public sealed class MoveGate
    {
        public double MinInterval = 0.1;
        public double MinDistance = 0.02;
        public double MinTurn = 2;

        double lastAt = double.NegativeInfinity;
        double lastX, lastY, lastFacing;
        bool sent;

        /// <summary>True when a move to (x, y, facing) at <paramref name="now"/> (seconds) should go out; it is then counted as sent.</summary>
        public bool ShouldSend(double now, double x, double y, double facing)
        {
            if (now - lastAt < MinInterval) return false;
            var moved = !sent || Math.Sqrt((x - lastX) * (x - lastX) + (y - lastY) * (y - lastY)) >= MinDistance;
            var turned = !sent || Math.Abs(GroundPlane.DeltaAngle(lastFacing, facing)) >= MinTurn;
            if (!moved && !turned) return false;
            lastAt = now;
            lastX = x;
            lastY = y;
            lastFacing = facing;
            sent = true;
            return true;
        }
    }

    /// <summary>
    /// Smooth display of an avatar the server moves in steps (a patch every 33 ms by default):
    /// eases towards the latest server position and yaw, the short way round, and jumps when the
    /// gap is too large to be walking (a respawn or a reconnection).
    /// </summary>
    public sealed class Follower
    {
        /// <summary>Seconds to close about 63% of the gap.</summary>
        public double TimeConstant = 0.08;
        /// <summary>Metres beyond which the avatar jumps instead of walking.</summary>
        public double SnapDistance = 4;

        public double X { get; private set; }
        public double Y { get; private set; }
        public double Facing { get; private set; }
        double targetX, targetY, targetFacing;

        public Follower(double x, double y, double facing)
        {
            X = targetX = x;
            Y = targetY = y;
            Facing = targetFacing = GroundPlane.Normalize(facing);
        }

        public void SetTarget(double x, double y, double facing)
        {
            targetX = x;
            targetY = y;
            targetFacing = GroundPlane.Normalize(facing);
        }

        /// <summary>Metres still to go.</summary>
        public double Gap
        {
            get { return Math.Sqrt((targetX - X) * (targetX - X) + (targetY - Y) * (targetY - Y)); }
        }

        /// <summary>Advances by <paramref name="seconds"/> (a frame's <c>Time.deltaTime</c>).</summary>
        public void Step(double seconds)
        {
            if (seconds < 0) throw new ArgumentOutOfRangeException("seconds", seconds, "time does not run backwards");
            if (Gap > SnapDistance)
            {
                X = targetX;
                Y = targetY;
                Facing = targetFacing;
                return;
            }
            var share = 1 - Math.Exp(-seconds / TimeConstant);
            X += (targetX - X) * share;
            Y += (targetY - Y) * share;
            Facing = GroundPlane.Normalize(Facing + GroundPlane.DeltaAngle(Facing, targetFacing) * share);
        }
    }
}
