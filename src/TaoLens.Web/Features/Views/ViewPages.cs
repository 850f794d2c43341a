using Microsoft.AspNetCore.WebUtilities;

namespace TaoLens.Web.Features.Views;

/// <summary>The addresses the views pages link to.</summary>
public static class ViewPages
{
    /// <summary>The save form, filled with what was typed (and why it was refused, if it was).</summary>
    public static string SaveLink(string? page, string? state, string? name = null, string? description = null, string? range = null, string? visibility = null, string? error = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["page"] = page,
            ["state"] = state,
            ["name"] = name,
            ["description"] = description,
            ["range"] = range,
            ["visibility"] = visibility,
            ["error"] = error,
        };
        return QueryHelpers.AddQueryString("/views/new", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>Back to the list; only a <c>/views</c> address is followed, so a form cannot send anyone elsewhere.</summary>
    public static string ListLink(string? returnUrl) =>
        returnUrl is not null && (returnUrl == "/views" || returnUrl.StartsWith("/views?", StringComparison.Ordinal)) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : "/views";
}
