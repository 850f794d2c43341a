using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Accounts;

/// <summary>A one-time link to set a password; valid until used (the password change retires it) or <c>Accounts:ResetLinkLifetime</c>.</summary>
public sealed record ResetLink(Guid UserId, string Email, string Link);

/// <summary>A user as the instance admin sees them.</summary>
public sealed record UserSummary(Guid Id, string Email, bool IsInstanceAdmin, bool HasPassword, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil, int Teams);

/// <summary>
/// Password resets without mail: the instance admin (page and API) or the operator (<c>users create-admin</c>) issues
/// a one-time link and hands it over; the reset page and Identity's <c>/resetPassword</c> consume it.
/// </summary>
public sealed class PasswordResets(TaoLensDbContext db, UserManager<TaoLensUser> users, IOptions<AccountsOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt)
            .Select(u => new UserSummary(u.Id, u.Email ?? "", u.IsInstanceAdmin, u.PasswordHash != null, u.CreatedAt,
                u.LockoutEnd > now ? u.LockoutEnd : null, db.TeamMemberships.Count(m => m.UserId == u.Id)))
            .ToListAsync(cancellationToken);
    }

    public async Task<Outcome<ResetLink>> IssueAsync(Guid userId, Uri? requestBase)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Refusal.NotFound("There is no such user.");
        }

        return await IssueAsync(user, requestBase);
    }

    internal async Task<ResetLink> IssueAsync(TaoLensUser user, Uri? requestBase)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var path = $"/account/reset-password?email={Uri.EscapeDataString(user.Email ?? "")}&code={code}";
        return new ResetLink(user.Id, user.Email ?? "", AccountLinks.Absolute(options.Value.PublicUrl ?? requestBase, path));
    }

    /// <summary>Sets the new password and lifts a lockout; a used, expired or altered link is refused.</summary>
    public async Task<Outcome<Done>> ResetAsync(string? email, string? code, string? newPassword)
    {
        var invalid = Refusal.Invalid("code", "This reset link is not valid: it was used, has expired, or was copied incompletely. Ask an admin for a new one.");
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null || string.IsNullOrEmpty(code))
        {
            return invalid;
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return invalid;
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword ?? "");
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? invalid : Refusal.Invalid(AccountRegistration.Errors(result));
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return new Done();
    }
}

/// <summary>Links TaoLens hands out: absolute on <c>Accounts:PublicUrl</c> or the request's own address, else relative.</summary>
public static class AccountLinks
{
    public static string Absolute(Uri? baseUrl, string path) =>
        baseUrl is null ? path : new Uri(baseUrl, path).ToString();

    public static Uri RequestBase(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }
}
