using System;
using Koto.Core;
using NUnit.Framework;

namespace Koto.Tests
{
    [TestFixture]
    public class GroundPlaneTests
    {
        [Test]
        public void ServerXYIsUnityXZOnTheGround()
        {
            var world = GroundPlane.ToWorld(3.5, -2.25);
            Assert.AreEqual(3.5f, world.X);
            Assert.AreEqual(0f, world.Y);
            Assert.AreEqual(-2.25f, world.Z);
            Assert.AreEqual(1.5f, GroundPlane.ToWorld(0, 0, 1.5f).Y);
        }

        [Test]
        public void GroundPositionsSurviveTheRoundTrip()
        {
            var ground = GroundPlane.ToGround(GroundPlane.ToWorld(12.125, 7.5, 9f));
            Assert.AreEqual(12.125, ground.X, 1e-6);
            Assert.AreEqual(7.5, ground.Y, 1e-6);
        }

        [TestCase(0, 1, 0)]
        [TestCase(1, 0, 90)]
        [TestCase(0, -1, 180)]
        [TestCase(-1, 0, 270)]
        [TestCase(1, 1, 45)]
        public void FacingIsTheCompassBearingOfTheMove(double dx, double dy, double facing)
        {
            Assert.AreEqual(facing, GroundPlane.FacingOf(dx, dy), 1e-9);
        }

        [Test]
        public void StandingStillKeepsTheFallbackFacing()
        {
            Assert.AreEqual(270, GroundPlane.FacingOf(0, 0, -90), 1e-9);
        }

        [Test]
        public void ForwardOfAFacingLooksThatWay()
        {
            var east = GroundPlane.Forward(90);
            Assert.AreEqual(1f, east.X, 1e-6f);
            Assert.AreEqual(0f, east.Z, 1e-6f);
            Assert.AreEqual(90, GroundPlane.FacingOf(east), 1e-6);
            var north = GroundPlane.Forward(0);
            Assert.AreEqual(1f, north.Z, 1e-6f);
        }

        [TestCase(-90, 270)]
        [TestCase(360, 0)]
        [TestCase(725, 5)]
        [TestCase(359.5, 359.5)]
        public void YawIsWrappedIntoOneTurn(double facing, double yaw)
        {
            Assert.AreEqual((float)yaw, GroundPlane.YawDegrees(facing), 1e-4f);
        }

        [Test]
        public void AFacingMustBeANumber()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => GroundPlane.Normalize(double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => GroundPlane.Normalize(double.PositiveInfinity));
        }

        [TestCase(350, 10, 20)]
        [TestCase(10, 350, -20)]
        [TestCase(0, 180, 180)]
        [TestCase(90, 90, 0)]
        public void TurnsGoTheShortWayRound(double from, double to, double delta)
        {
            Assert.AreEqual(delta, GroundPlane.DeltaAngle(from, to), 1e-9);
        }
    }
}
