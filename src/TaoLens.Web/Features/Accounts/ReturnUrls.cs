namespace TaoLens.Web.Features.Accounts;

/// <summary>Where to go after signing in: only a path on this site, never another host (open redirect).</summary>
public static class ReturnUrls
{
    /// <summary>
    /// <paramref name="url"/> when it is a local path (<c>/…</c>, not <c>//host</c> or <c>/\host</c>, no control
    /// characters), otherwise <c>/</c>. The same rule as <c>IUrlHelper.IsLocalUrl</c>.
    /// </summary>
    public static string Safe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/' || url.Any(char.IsControl))
        {
            return "/";
        }

        return url.Length == 1 || (url[1] != '/' && url[1] != '\\') ? url : "/";
    }
}
