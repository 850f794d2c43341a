using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Features.Accounts;

/// <summary>A one-time link to set a password; valid until used (the password change retires it) or <c>Accounts:ResetLinkLifetime</c>.</summary>
public sealed record ResetLink(Guid UserId, string Email, string Link);

/// <summary>A user as the instance admin sees them.</summary>
public sealed record UserSummary(Guid Id, string Email, bool IsInstanceAdmin, bool HasPassword, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil, int Teams);

/// <summary>
/// Password resets: by mail when mail is configured (the forgot-password page and Identity's <c>/forgotPassword</c>);
/// without mail, the instance admin (page and API) or the operator (<c>users create-admin</c>) issues a one-time link
/// and hands it over. The reset page and Identity's <c>/resetPassword</c> consume either.
/// </summary>
public sealed class PasswordResets(TaoLensDbContext db, UserManager<TaoLensUser> users, AccountMailer mailer, IOptions<AccountsOptions> options, TimeProvider time)
{
    public static readonly Refusal MailOff = new(StatusCodes.Status503ServiceUnavailable, "Mail is off",
        "This TaoLens does not send mail (no Mail:Host). Ask an instance admin for a one-time reset link.");

    public bool CanMail => mailer.IsConfigured;

    /// <summary>
    /// Mails a reset link to the address if it has an account. The answer is the same whether it has one or not (and
    /// whether the server took the mail: the sender logs that), so it does not tell who has an account.
    /// </summary>
    public async Task<Outcome<Done>> MailResetLinkAsync(string? email)
    {
        if (!mailer.IsConfigured)
        {
            return MailOff;
        }

        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 256)
        {
            return Refusal.Invalid("email", "Give the address of your account.");
        }

        var user = await users.FindByEmailAsync(email);
        if (user?.Email is { } address)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            try
            {
                await mailer.SendPasswordResetCodeAsync(user, address, WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)));
            }
            catch (MailDeliveryException)
            {
                // Logged by the sender; the answer stays the same.
            }
        }

        return new Done();
    }

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
