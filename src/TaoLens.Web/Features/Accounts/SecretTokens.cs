using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace TaoLens.Web.Features.Accounts;

/// <summary>Unguessable tokens (256 random bits) for links and scripts; only their SHA-256 is stored.</summary>
public static class SecretTokens
{
    /// <summary>The prefix of personal access tokens, so they are recognisable in a leaked file and in the Authorization header.</summary>
    public const string AccessTokenPrefix = "tlp_";

    public static string New(string prefix = "") => prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
