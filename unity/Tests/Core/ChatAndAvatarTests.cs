using System;
using Koto.Core;
using Koto.Protocol;
using NUnit.Framework;

namespace Koto.Tests
{
    [TestFixture]
    public class ChatTests
    {
        [TestCase("  안녕   하세요 \n", "안녕 하세요")]
        [TestCase("a\tb\u0007c", "a b c")]
        [TestCase("bidi\u202Eevil\u200Bx", "bidievilx")]
        [TestCase("\u1100\u1161", "\uAC00")]
        [TestCase("\uD83D\uDC68\u200D\uD83D\uDC69", "\uD83D\uDC68\u200D\uD83D\uDC69")]
        public void CleansAsTheServerDoes(string raw, string cleaned)
        {
            Assert.AreEqual(cleaned, ChatText.Clean(raw));
        }

        [Test]
        public void CountsCodePoints()
        {
            Assert.AreEqual(1, ChatText.Length("\uD83D\uDE00"));
            Assert.AreEqual(3, ChatText.Length("가나다"));
        }

        [Test]
        public void RefusesEmptyAndTooLongLines()
        {
            ChatCheck check;
            Assert.IsNull(ChatText.Command(" \u200B ", out check));
            Assert.AreEqual(ChatCheck.Empty, check);
            Assert.IsNull(ChatText.Command(new string('a', Limits.ChatMaxLength + 1), out check));
            Assert.AreEqual(ChatCheck.TooLong, check);
            var emoji = string.Concat(System.Linq.Enumerable.Repeat("\uD83D\uDE00", Limits.ChatMaxLength));
            Assert.IsNotNull(ChatText.Command(emoji, out check), "200 emoji are 200 characters, not 400");
            var line = ChatText.Command("  안녕하세요  ", out check);
            Assert.AreEqual(ChatCheck.Ok, check);
            Assert.AreEqual(ClientMessage.Chat, line.Type);
            Assert.AreEqual("안녕하세요", line.Payload["text"]);
        }

        [Test]
        public void TheLogKeepsTheLatestLinesAndKnowsWhichAreMine()
        {
            var log = new ChatLog("me", capacity: 2);
            log.Add(new ChatMessage { sessionId = "other", name = "민수", text = "1", at = 1 });
            log.Add(new ChatMessage { sessionId = "me", name = "지아", text = "2", at = 2 });
            log.Add(new ChatMessage { sessionId = "other", name = "민수", text = "3", at = 3 });
            Assert.AreEqual(2, log.Lines.Count);
            Assert.AreEqual("2", log.Lines[0].Text);
            Assert.IsTrue(log.Lines[0].Mine);
            Assert.IsFalse(log.Lines[1].Mine);
            Assert.Throws<ArgumentOutOfRangeException>(() => new ChatLog("me", 0));
        }

        [Test]
        public void ALineAnOperatorTakesBackGoes()
        {
            var log = new ChatLog("me");
            log.Add(new ChatMessage { id = "c1", sessionId = "other", name = "민수", text = "bad", at = 1 });
            log.Add(new ChatMessage { id = "c2", sessionId = "me", name = "지아", text = "hi", at = 2 });
            Assert.IsTrue(log.Remove(new ChatRemovedMessage { id = "c1" }));
            Assert.AreEqual(1, log.Lines.Count);
            Assert.AreEqual("c2", log.Lines[0].Id);
            Assert.IsFalse(log.Remove(new ChatRemovedMessage { id = "c1" }));
        }
    }

    [TestFixture]
    public class AvatarTests
    {
        [Test]
        public void EmotesAreTheServersOwn()
        {
            foreach (var name in Emote.All) Assert.AreEqual(name, AvatarCommands.Emote(name).Payload["name"]);
            var unknown = Assert.Throws<ArgumentException>(() => AvatarCommands.Emote("dance"));
            StringAssert.Contains("wave", unknown.Message);
        }

        [Test]
        public void AMoveSendsOnlyWhatIsSet()
        {
            var move = AvatarCommands.Move(new GroundPoint(1.5, 2));
            Assert.AreEqual(ClientMessage.Move, move.Type);
            Assert.AreEqual(2, move.Payload.Count);
            var turned = AvatarCommands.Move(new GroundPoint(1.5, 2), -90, AvatarAnim.Sit);
            Assert.AreEqual(270.0, turned.Payload["facing"]);
            Assert.AreEqual("sit", turned.Payload["anim"]);
            Assert.Throws<ArgumentException>(() => AvatarCommands.Move(new GroundPoint(double.NaN, 0)));
            Assert.Throws<ArgumentException>(() => AvatarCommands.Move(new GroundPoint(0, 0), null, "fly"));
        }

        [Test]
        public void MovesGoOutAtMostTenTimesASecondAndOnlyWhenTheyMatter()
        {
            var gate = new MoveGate();
            Assert.IsTrue(gate.ShouldSend(0, 1, 1, 0));
            Assert.IsFalse(gate.ShouldSend(0.05, 2, 1, 0), "too soon");
            Assert.IsTrue(gate.ShouldSend(0.1, 2, 1, 0));
            Assert.IsFalse(gate.ShouldSend(0.3, 2.001, 1, 0.5), "neither moved nor turned enough");
            Assert.IsTrue(gate.ShouldSend(0.4, 2.001, 1, 10), "turned");
        }

        [Test]
        public void AFollowerEasesTowardsTheServerAndTurnsTheShortWay()
        {
            var follower = new Follower(0, 0, 350);
            follower.SetTarget(1, 0, 10);
            follower.Step(0.016);
            Assert.Greater(follower.X, 0);
            Assert.Less(follower.X, 1);
            Assert.IsTrue(follower.Facing > 350 || follower.Facing < 10, "through north, not round the south: " + follower.Facing);
            for (var i = 0; i < 60; i++) follower.Step(0.016);
            Assert.AreEqual(1, follower.X, 1e-3);
            Assert.AreEqual(10, follower.Facing, 1e-2);
            Assert.Throws<ArgumentOutOfRangeException>(() => follower.Step(-1));
        }

        [Test]
        public void AFollowerJumpsWhenTheGapIsNoWalk()
        {
            var follower = new Follower(0, 0, 0);
            follower.SetTarget(20, 5, 90);
            follower.Step(0.016);
            Assert.AreEqual(20, follower.X);
            Assert.AreEqual(5, follower.Y);
            Assert.AreEqual(0, follower.Gap);
        }
    }
}

namespace Koto.Tests
{
    [TestFixture]
    public class MediaTests
    {
        [TestCase("http://localhost:2567", "/media/tts/espeak/a.wav?expires=1&signature=x", "http://localhost:2567/media/tts/espeak/a.wav?expires=1&signature=x")]
        [TestCase("wss://koto.example.com", "/media/a.mp3", "https://koto.example.com/media/a.mp3")]
        [TestCase("ws://10.0.0.2:2567/", "/media/b.wav", "http://10.0.0.2:2567/media/b.wav")]
        [TestCase("http://localhost:2567", "https://s3.example.com/bucket/a.mp3?X-Amz-Signature=1", "https://s3.example.com/bucket/a.mp3?X-Amz-Signature=1")]
        public void LinksAreMadeAbsolute(string server, string url, string absolute)
        {
            Assert.AreEqual(absolute, Media.Resolve(server, url));
        }

        [Test]
        public void NoLinkIsNoAudio()
        {
            Assert.IsNull(Media.Resolve("http://localhost:2567", null));
            Assert.Throws<ArgumentException>(() => Media.Resolve("localhost", "/media/a.wav"));
        }

        [TestCase("/media/tts/espeak/a.wav?expires=1", "wav")]
        [TestCase("https://s3/x/line.MP3?sig=.wav", "mp3")]
        [TestCase("/media/rec.ogg", "ogg")]
        public void TheFormatComesFromThePath(string url, string format)
        {
            Assert.AreEqual(format, Media.FormatOf(url));
        }
    }
}

namespace Koto.Tests
{
    [TestFixture]
    public class LeavePolicyTests
    {
        [TestCase(4000, AfterLeaving.Stay)]
        [TestCase(4001, AfterLeaving.Rejoin)]
        [TestCase(4002, AfterLeaving.GiveUp)]
        [TestCase(4003, AfterLeaving.SignInAndRejoin)]
        [TestCase(4004, AfterLeaving.GiveUp)]
        [TestCase(4005, AfterLeaving.GiveUp)]
        [TestCase(1006, AfterLeaving.Rejoin)]
        [TestCase(1001, AfterLeaving.Rejoin)]
        public void EachCloseCodeHasItsNextStep(int code, AfterLeaving next)
        {
            Assert.AreEqual(next, LeavePolicy.After(code));
        }
    }
}
