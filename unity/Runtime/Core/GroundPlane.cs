using System;

namespace Koto.Core
{
    /// <summary>A point or direction in Unity's world space (y up), without UnityEngine: convert with <c>new Vector3(p.X, p.Y, p.Z)</c>.</summary>
    public struct WorldPoint
    {
        public readonly float X;
        public readonly float Y;
        public readonly float Z;

        public WorldPoint(float x, float y, float z)
        {
            X = x;
            Y = y;
            Z = z;
        }

        public override string ToString()
        {
            return "(" + X + ", " + Y + ", " + Z + ")";
        }
    }

    /// <summary>A position on the server's ground plane, in metres: <c>X</c> east, <c>Y</c> north.</summary>
    public struct GroundPoint
    {
        public readonly double X;
        public readonly double Y;

        public GroundPoint(double x, double y)
        {
            X = x;
            Y = y;
        }
    }

    /// <summary>
    /// The server's ground plane in Unity. The server knows metres east (x) and north (y) and a
    /// yaw in degrees, 0 facing north and 90 facing east, always in [0, 360). Unity's ground is
    /// x/z with y up, and <c>Quaternion.Euler(0, yaw, 0)</c> turns +z (north) clockwise seen from
    /// above, so east is 90 there too: positions map axis to axis and the yaw maps unchanged.
    /// </summary>
    public static class GroundPlane
    {
        /// <summary>Where a server position is in the scene: <c>(x, height, y)</c>.</summary>
        public static WorldPoint ToWorld(double x, double y, float height = 0f)
        {
            return new WorldPoint((float)x, height, (float)y);
        }

        /// <summary>The server position of a scene point (its height is dropped).</summary>
        public static GroundPoint ToGround(WorldPoint world)
        {
            return new GroundPoint(world.X, world.Z);
        }

        /// <summary>The yaw for <c>Quaternion.Euler(0, yaw, 0)</c>: the server's facing, wrapped into [0, 360).</summary>
        public static float YawDegrees(double facing)
        {
            return (float)Normalize(facing);
        }

        /// <summary>The facing of a move by (dx east, dy north), as the server computes it; <c>fallback</c> for no move.</summary>
        public static double FacingOf(double dx, double dy, double fallback = 0)
        {
            if (Math.Abs(dx) < 1e-9 && Math.Abs(dy) < 1e-9) return Normalize(fallback);
            return Normalize(Math.Atan2(dx, dy) * 180.0 / Math.PI);
        }

        /// <summary>The facing of a scene direction (e.g. a camera's forward), ignoring its height.</summary>
        public static double FacingOf(WorldPoint direction, double fallback = 0)
        {
            return FacingOf(direction.X, direction.Z, fallback);
        }

        /// <summary>The unit scene direction a facing looks along.</summary>
        public static WorldPoint Forward(double facing)
        {
            var radians = facing * Math.PI / 180.0;
            return new WorldPoint((float)Math.Sin(radians), 0f, (float)Math.Cos(radians));
        }

        /// <summary>Degrees wrapped into [0, 360).</summary>
        public static double Normalize(double degrees)
        {
            if (double.IsNaN(degrees) || double.IsInfinity(degrees)) throw new ArgumentOutOfRangeException("degrees", degrees, "a facing must be a finite number");
            var wrapped = degrees % 360.0;
            return wrapped < 0 ? wrapped + 360.0 : wrapped;
        }

        /// <summary>The signed turn from one yaw to another, the short way round: in (-180, 180].</summary>
        public static double DeltaAngle(double from, double to)
        {
            var delta = Normalize(to - from);
            return delta > 180.0 ? delta - 360.0 : delta;
        }
    }
}
