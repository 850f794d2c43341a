namespace TaoLens.Web.Features.Security;

/// <summary>Section <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    /// <summary>Redirect HTTP to HTTPS when the app knows its HTTPS port (an https:// endpoint, or <c>HTTPS_PORT</c> behind a proxy).</summary>
    public bool HttpsRedirection { get; set; } = true;

    /// <summary>Send <c>Strict-Transport-Security</c> on HTTPS responses (never for localhost).</summary>
    public bool Hsts { get; set; } = true;
}

/// <summary>Section <c>ForwardedHeaders</c>: serving behind a reverse proxy that terminates TLS.</summary>
public sealed class ProxyOptions
{
    /// <summary>Take the client address and scheme from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of proxies whose forwarded headers are believed; loopback always is.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of proxies whose forwarded headers are believed.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to unwrap.</summary>
    public int ForwardLimit { get; set; } = 1;
}
