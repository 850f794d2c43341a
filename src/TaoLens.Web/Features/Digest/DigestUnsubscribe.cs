using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TaoLens.Data;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// One-click unsubscribe (RFC 8058): each mail carries a link with a token signed by Data Protection (keys in
/// PostgreSQL, so any instance verifies it). The token names the subscription and cannot be forged or altered; a
/// POST to the link unsubscribes without signing in, a GET shows a confirmation page.
/// </summary>
public sealed class DigestUnsubscribe(IDataProtectionProvider protection, TaoLensDbContext db)
{
    public const string Path = "digest/unsubscribe";

    private readonly IDataProtector _protector = protection.CreateProtector("TaoLens.Digest.Unsubscribe.v1");

    /// <summary>The link for <paramref name="subscriptionId"/> under <paramref name="baseUrl"/>.</summary>
    public string UrlFor(Guid subscriptionId, Uri baseUrl) =>
        new Uri(baseUrl, $"{Path}?token={Uri.EscapeDataString(_protector.Protect(subscriptionId.ToString("N")))}").ToString();

    /// <summary>The mail headers that make the link one-click for mail providers, and mark the mail as bulk.</summary>
    public static IReadOnlyDictionary<string, string> Headers(string url) => new Dictionary<string, string>
    {
        ["List-Unsubscribe"] = $"<{url}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        ["Precedence"] = "bulk",
        ["Auto-Submitted"] = "auto-generated",
    };

    /// <summary>The subscription a token names, or null for a token that was altered, forged or made with another key ring.</summary>
    public Guid? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Turns the digest off; false when the token is not valid. Unsubscribing twice is fine.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (Read(token) is not { } id)
        {
            return false;
        }

        await db.DigestSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Enabled, false), cancellationToken);
        return true;
    }
}
