using System.Security.Cryptography;

namespace TaoLens.Web.Features.Security;

/// <summary>The headers every response carries, pages, JSON, static files and errors alike.</summary>
public static class SecurityHeaders
{
    private const string NonceKey = "TaoLens.Security.CspNonce";

    /// <summary>This request's nonce for the one inline script the pages have, the import map.</summary>
    public static string CspNonce(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[NonceKey] as string ?? "";
    }

    /// <summary>
    /// Only what the pages load: scripts and styles from this origin (blazor.web.js, Plotly from our static files), the
    /// import map by nonce, the Blazor circuit's fetch and websocket to this origin. Plotly and Blazor's reconnect UI set
    /// inline styles, hence <c>'unsafe-inline'</c> for styles only. The favicon is a <c>data:</c> URL.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    internal static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        // Hex: valid in a CSP nonce and needs no escaping in an HTML attribute.
        context.Items[NonceKey] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // Set as the response starts, so that they survive the exception handler clearing the response, and replace
        // the weaker frame headers that antiforgery and Blazor add.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(context.CspNonce());
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
