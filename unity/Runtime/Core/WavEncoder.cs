using System;

namespace Koto.Core
{
    /// <summary>
    /// 16-bit PCM WAV from float samples in [-1, 1] (what Unity's <c>AudioClip.GetData</c> gives),
    /// the format the server's <c>POST /api/v1/audio</c> takes from Unity. Samples outside [-1, 1]
    /// are clipped rather than wrapped (a wrapped loud sample becomes a loud click); NaN is silence.
    /// </summary>
    public static class WavEncoder
    {
        public const int HeaderBytes = 44;
        public const string ContentType = "audio/wav";

        /// <summary>Encodes all of <paramref name="samples"/> (interleaved when there are several channels).</summary>
        public static byte[] Encode(float[] samples, int channels, int sampleRate)
        {
            if (samples == null) throw new ArgumentNullException("samples");
            return Encode(samples, samples.Length, channels, sampleRate);
        }

        /// <summary>
        /// Encodes the first <paramref name="count"/> samples: a microphone clip is longer than what
        /// was said, and <c>Microphone.GetPosition</c> (times the channels) says how much was.
        /// </summary>
        public static byte[] Encode(float[] samples, int count, int channels, int sampleRate)
        {
            if (samples == null) throw new ArgumentNullException("samples");
            if (channels < 1 || channels > 8) throw new ArgumentOutOfRangeException("channels", channels, "between 1 and 8 channels");
            if (sampleRate < 1000 || sampleRate > 192000) throw new ArgumentOutOfRangeException("sampleRate", sampleRate, "between 1000 and 192000 Hz");
            if (count < 0 || count > samples.Length) throw new ArgumentOutOfRangeException("count", count, "between 0 and the number of samples (" + samples.Length + ")");
            if (count % channels != 0) throw new ArgumentException("a whole number of frames: " + count + " samples is not a multiple of " + channels + " channels", "count");

            var dataBytes = count * 2;
            var wav = new byte[HeaderBytes + dataBytes];
            WriteAscii(wav, 0, "RIFF");
            WriteInt32(wav, 4, 36 + dataBytes);
            WriteAscii(wav, 8, "WAVE");
            WriteAscii(wav, 12, "fmt ");
            WriteInt32(wav, 16, 16); // size of the fmt chunk
            WriteInt16(wav, 20, 1); // PCM
            WriteInt16(wav, 22, channels);
            WriteInt32(wav, 24, sampleRate);
            WriteInt32(wav, 28, sampleRate * channels * 2); // bytes per second
            WriteInt16(wav, 32, channels * 2); // bytes per frame
            WriteInt16(wav, 34, 16); // bits per sample
            WriteAscii(wav, 36, "data");
            WriteInt32(wav, 40, dataBytes);
            for (var i = 0; i < count; i++) WriteInt16(wav, HeaderBytes + i * 2, ToPcm16(samples[i]));
            return wav;
        }

        /// <summary>One sample as a signed 16-bit value: clipped to [-1, 1], NaN as 0.</summary>
        public static short ToPcm16(float sample)
        {
            if (float.IsNaN(sample)) return 0;
            var clipped = Math.Max(-1f, Math.Min(1f, sample));
            return (short)Math.Round(clipped * short.MaxValue);
        }

        /// <summary>How long <paramref name="count"/> samples play, in seconds.</summary>
        public static double DurationSeconds(int count, int channels, int sampleRate)
        {
            return (double)count / channels / sampleRate;
        }

        static void WriteAscii(byte[] buffer, int at, string text)
        {
            for (var i = 0; i < text.Length; i++) buffer[at + i] = (byte)text[i];
        }

        static void WriteInt16(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }

        static void WriteInt32(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }
    }
}
