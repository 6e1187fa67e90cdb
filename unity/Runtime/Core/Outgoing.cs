using System.Collections.Generic;

namespace Koto.Core
{
    /// <summary>
    /// A room message to send: <c>room.Send(Type)</c> when <see cref="Payload"/> is null, else
    /// <c>room.Send(Type, Payload)</c>. The core decides what to send; the Unity glue sends it.
    /// </summary>
    public sealed class Outgoing
    {
        public readonly string Type;
        public readonly Dictionary<string, object> Payload;

        public Outgoing(string type, Dictionary<string, object> payload)
        {
            Type = type;
            Payload = payload;
        }
    }
}
