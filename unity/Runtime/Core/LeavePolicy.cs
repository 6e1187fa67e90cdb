using Koto.Protocol;

namespace Koto.Core
{
    /// <summary>What a client does once it has left a room, by close code.</summary>
    public enum AfterLeaving
    {
        /// <summary>It left on purpose.</summary>
        Stay,
        /// <summary>Join the scene again with <c>JoinOrCreate</c> (the lesson resumes).</summary>
        Rejoin,
        /// <summary>Sign in again first: the reconnection was refused, perhaps for an expired token.</summary>
        SignInAndRejoin,
        /// <summary>Do not come back on its own: tell the learner why.</summary>
        GiveUp,
    }

    /// <summary>
    /// The close codes of docs/protocol.md, section 6, as decisions. The SDK has already tried
    /// to reconnect when a room is left after a dropped connection; what remains is the rest.
    /// </summary>
    public static class LeavePolicy
    {
        /// <summary>The SDK's own code when its automatic reconnection gave up, and the server's for a refused reconnection.</summary>
        public const int ReconnectionFailed = 4003;

        public static AfterLeaving After(int code)
        {
            if (code == CloseCode.Consented) return AfterLeaving.Stay;
            if (code == CloseCode.ServerShutdown) return AfterLeaving.Rejoin;
            if (code == ReconnectionFailed) return AfterLeaving.SignInAndRejoin;
            // A broken protocol, the scene open elsewhere, an operator's removal, or any other of the
            // server's own 4xxx codes: coming back by itself would only repeat it.
            if (code == CloseCode.ProtocolViolation || (code >= CloseCode.SessionReplaced && code < 4100)) return AfterLeaving.GiveUp;
            // Transport codes (1001, 1006, ...): the connection was lost.
            return AfterLeaving.Rejoin;
        }
    }
}
