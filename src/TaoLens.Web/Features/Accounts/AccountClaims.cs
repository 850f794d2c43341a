using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TaoLens.Data.Accounts;

namespace TaoLens.Web.Features.Accounts;

/// <summary>What TaoLens reads from a signed-in principal.</summary>
public static class AccountClaims
{
    /// <summary>On a principal from a personal access token: its scope, <c>read</c> or <c>read-write</c>.</summary>
    public const string TokenScope = "taolens:token-scope";

    /// <summary>On the instance admin's principal.</summary>
    public const string InstanceAdmin = "taolens:instance-admin";

    public const string ReadScope = "read";
    public const string ReadWriteScope = "read-write";

    public static Guid? UserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    }

    /// <summary>The caller's id where an endpoint's authorization already required an account.</summary>
    public static Guid RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("The endpoint requires an account but the caller has none.");

    public static bool IsInstanceAdmin(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(InstanceAdmin, "true");
    }

    /// <summary>Signed in with a personal access token rather than a password (cookie or Identity's bearer token).</summary>
    public static bool IsToken(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(c => c.Type == TokenScope);
    }
}

/// <summary>Adds the instance-admin claim; it is rebuilt with the session's periodic check, so a demotion takes effect then.</summary>
internal sealed class TaoLensClaimsFactory(UserManager<TaoLensUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<TaoLensUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TaoLensUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.IsInstanceAdmin)
        {
            identity.AddClaim(new Claim(AccountClaims.InstanceAdmin, "true"));
        }

        return identity;
    }
}
