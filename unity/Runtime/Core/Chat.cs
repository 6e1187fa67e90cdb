using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Koto.Protocol;

namespace Koto.Core
{
    public enum ChatCheck
    {
        Ok,
        /// <summary>Nothing visible is left: the server would answer <c>chat_empty</c>.</summary>
        Empty,
        /// <summary>More than <see cref="Limits.ChatMaxLength"/> characters: the server would answer <c>chat_too_long</c>.</summary>
        TooLong,
    }

    /// <summary>
    /// Chat text as the server cleans it (domain/chat.ts), so a client can refuse a line before
    /// sending it and show the learner what others will see. The server still decides.
    /// </summary>
    public static class ChatText
    {
        static readonly Regex Spaces = new Regex(@"\s+");
        const char ZeroWidthJoiner = '\u200D';

        /// <summary>NFC; control characters as spaces; invisible format characters (bidi overrides, zero-width spaces) removed, but the joiner emoji need; spaces folded; trimmed.</summary>
        public static string Clean(string raw)
        {
            if (raw == null) throw new ArgumentNullException("raw");
            var text = new StringBuilder(raw.Length);
            foreach (var c in raw.Normalize(NormalizationForm.FormC))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.Control) text.Append(' ');
                else if (category != UnicodeCategory.Format || c == ZeroWidthJoiner) text.Append(c);
            }
            return Spaces.Replace(text.ToString(), " ").Trim();
        }

        /// <summary>Characters as the server counts them: code points, so an emoji outside the BMP is one.</summary>
        public static int Length(string text)
        {
            var length = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                length++;
            }
            return length;
        }

        public static ChatCheck Check(string raw, out string cleaned)
        {
            cleaned = Clean(raw);
            if (cleaned.Length == 0) return ChatCheck.Empty;
            return Length(cleaned) > Limits.ChatMaxLength ? ChatCheck.TooLong : ChatCheck.Ok;
        }

        /// <summary>The <c>chat</c> message for a line, or null when the server would refuse it (<paramref name="check"/> says why).</summary>
        public static Outgoing Command(string raw, out ChatCheck check)
        {
            string cleaned;
            check = Check(raw, out cleaned);
            return check == ChatCheck.Ok ? new Outgoing(ClientMessage.Chat, new ChatCommand { text = cleaned }.ToPayload()) : null;
        }
    }

    /// <summary>One line of the room's chat, as the chat panel shows it.</summary>
    public sealed class ChatLine
    {
        /// <summary>The line's id, which <c>chat:removed</c> names when an operator takes the line back.</summary>
        public readonly string Id;
        public readonly string SessionId;
        public readonly string Name;
        public readonly string Text;
        /// <summary>Server time, ms since the epoch.</summary>
        public readonly long At;
        /// <summary>Said by this client's own learner.</summary>
        public readonly bool Mine;

        public ChatLine(ChatMessage message, bool mine)
        {
            Id = message.id;
            SessionId = message.sessionId;
            Name = message.name;
            Text = message.text;
            At = message.at;
            Mine = mine;
        }
    }

    /// <summary>The latest chat lines of a room, oldest first, capped so a long session does not grow without end.</summary>
    public sealed class ChatLog
    {
        readonly List<ChatLine> lines = new List<ChatLine>();
        readonly int capacity;

        /// <summary>The learner's own session id (<c>room.SessionId</c>); it changes when they join again.</summary>
        public string OwnSessionId;

        public ChatLog(string ownSessionId, int capacity = 50)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException("capacity", capacity, "at least one line");
            OwnSessionId = ownSessionId;
            this.capacity = capacity;
        }

        public IList<ChatLine> Lines
        {
            get { return lines.AsReadOnly(); }
        }

        public ChatLine Add(ChatMessage message)
        {
            if (message == null) throw new ArgumentNullException("message");
            var line = new ChatLine(message, message.sessionId == OwnSessionId);
            lines.Add(line);
            if (lines.Count > capacity) lines.RemoveAt(0);
            return line;
        }

        /// <summary>Takes back a line an operator removed (<c>chat:removed</c>); false when it is no longer shown.</summary>
        public bool Remove(ChatRemovedMessage removed)
        {
            if (removed == null) throw new ArgumentNullException("removed");
            return lines.RemoveAll(line => line.Id == removed.id) > 0;
        }
    }
}
