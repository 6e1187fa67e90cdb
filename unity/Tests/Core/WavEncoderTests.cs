using System;
using System.Text;
using Koto.Core;
using NUnit.Framework;

namespace Koto.Tests
{
    [TestFixture]
    public class WavEncoderTests
    {
        static int Int16At(byte[] b, int at)
        {
            return (short)(b[at] | b[at + 1] << 8);
        }

        static int Int32At(byte[] b, int at)
        {
            return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24;
        }

        [Test]
        public void WritesAPcm16Header()
        {
            var wav = WavEncoder.Encode(new float[16000], 1, 16000);
            Assert.AreEqual("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
            Assert.AreEqual(wav.Length - 8, Int32At(wav, 4));
            Assert.AreEqual("WAVEfmt ", Encoding.ASCII.GetString(wav, 8, 8));
            Assert.AreEqual(16, Int32At(wav, 16));
            Assert.AreEqual(1, Int16At(wav, 20), "PCM");
            Assert.AreEqual(1, Int16At(wav, 22), "channels");
            Assert.AreEqual(16000, Int32At(wav, 24), "sample rate");
            Assert.AreEqual(32000, Int32At(wav, 28), "bytes per second");
            Assert.AreEqual(2, Int16At(wav, 32), "bytes per frame");
            Assert.AreEqual(16, Int16At(wav, 34), "bits");
            Assert.AreEqual("data", Encoding.ASCII.GetString(wav, 36, 4));
            Assert.AreEqual(32000, Int32At(wav, 40));
            Assert.AreEqual(44 + 32000, wav.Length);
        }

        [Test]
        public void StereoCountsFramesOfTwoSamples()
        {
            var wav = WavEncoder.Encode(new float[] { 0.5f, -0.5f, 0.25f, -0.25f }, 2, 48000);
            Assert.AreEqual(2, Int16At(wav, 22));
            Assert.AreEqual(48000 * 4, Int32At(wav, 28));
            Assert.AreEqual(4, Int16At(wav, 32));
            Assert.AreEqual(8, Int32At(wav, 40));
            Assert.AreEqual(16384, Int16At(wav, 44));
            Assert.AreEqual(-16384, Int16At(wav, 46));
        }

        [Test]
        public void SamplesAreScaledClippedAndNaNIsSilence()
        {
            var wav = WavEncoder.Encode(new[] { 0f, 1f, -1f, 1.7f, -3f, float.NaN, 0.001f }, 1, 16000);
            var expected = new[] { 0, 32767, -32767, 32767, -32767, 0, 33 };
            for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], Int16At(wav, 44 + i * 2), "sample " + i);
        }

        [Test]
        public void OnlyTheRecordedPartIsEncoded()
        {
            var clip = new float[8000];
            for (var i = 0; i < 100; i++) clip[i] = 0.5f;
            var wav = WavEncoder.Encode(clip, 100, 1, 16000);
            Assert.AreEqual(200, Int32At(wav, 40));
            Assert.AreEqual(244, wav.Length);
        }

        [Test]
        public void DurationIsFramesOverTheRate()
        {
            Assert.AreEqual(1.5, WavEncoder.DurationSeconds(48000, 2, 16000), 1e-9);
        }

        [Test]
        public void RefusesWhatCannotBeAWav()
        {
            Assert.Throws<ArgumentNullException>(() => WavEncoder.Encode(null, 1, 16000));
            Assert.Throws<ArgumentOutOfRangeException>(() => WavEncoder.Encode(new float[4], 0, 16000));
            Assert.Throws<ArgumentOutOfRangeException>(() => WavEncoder.Encode(new float[4], 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => WavEncoder.Encode(new float[4], 5, 1, 16000));
            var odd = Assert.Throws<ArgumentException>(() => WavEncoder.Encode(new float[3], 2, 16000));
            StringAssert.Contains("multiple of 2 channels", odd.Message);
        }
    }
}
