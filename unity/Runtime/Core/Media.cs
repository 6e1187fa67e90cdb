using System;

namespace Koto.Core
{
    /// <summary>Links to audio the server gives (tutor lines, spoken feedback): made absolute and told apart by format.</summary>
    public static class Media
    {
        /// <summary>
        /// An absolute link: the server sends its own media as paths (<c>/media/tts/...?expires=&amp;signature=</c>)
        /// and object storage links whole; a path is resolved against the server's HTTP address.
        /// </summary>
        public static string Resolve(string serverUrl, string url)
        {
            if (string.IsNullOrEmpty(url)) return null;
            Uri absolute;
            if (Uri.TryCreate(url, UriKind.Absolute, out absolute) && (absolute.Scheme == "http" || absolute.Scheme == "https")) return url;
            Uri server;
            if (!Uri.TryCreate(serverUrl, UriKind.Absolute, out server)) throw new ArgumentException("not an absolute server address: \"" + serverUrl + "\"", "serverUrl");
            var http = new UriBuilder(server) { Scheme = server.Scheme == "wss" ? "https" : server.Scheme == "ws" ? "http" : server.Scheme, Path = "/", Query = "" };
            if (http.Uri.IsDefaultPort) http.Port = -1;
            return new Uri(http.Uri, url).ToString();
        }

        /// <summary>"mp3", "ogg" or "wav", from the link's path (the signed query is ignored); the server's voices are WAV (eSpeak) or MP3 (Google).</summary>
        public static string FormatOf(string url)
        {
            if (string.IsNullOrEmpty(url)) throw new ArgumentException("no link", "url");
            var path = url;
            var query = path.IndexOfAny(new[] { '?', '#' });
            if (query >= 0) path = path.Substring(0, query);
            path = path.ToLowerInvariant();
            if (path.EndsWith(".mp3")) return "mp3";
            if (path.EndsWith(".ogg") || path.EndsWith(".opus")) return "ogg";
            return "wav";
        }
    }
}
