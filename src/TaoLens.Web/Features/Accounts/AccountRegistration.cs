using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Digest;

namespace TaoLens.Web.Features.Accounts;

public enum RegistrationMode
{
    /// <summary>No account yet: the first one registered becomes the instance admin.</summary>
    FirstAdmin,

    /// <summary><c>Accounts:OpenRegistration=true</c>: anyone may register.</summary>
    Open,

    /// <summary>Only through an invitation link.</summary>
    InvitationOnly,
}

/// <summary>
/// Who may create an account: the register page, Identity's <c>/api/v1/auth/register</c> (filtered through here),
/// invitation acceptance and the operator's <c>users create-admin</c> all create accounts with this class.
/// </summary>
/// <summary>What a new account chooses at registration: the weekly digest (on by default) and the timezone it is sent in.</summary>
public sealed record RegistrationChoices(bool Digest = true, string? TimeZone = null);

public sealed class AccountRegistration(TaoLensDbContext db, UserManager<TaoLensUser> users, DigestSubscriptions digests, IOptions<AccountsOptions> options, TimeProvider time)
{
    public async Task<RegistrationMode> ModeAsync(CancellationToken cancellationToken) =>
        !await db.Users.AnyAsync(cancellationToken) ? RegistrationMode.FirstAdmin
        : options.Value.OpenRegistration ? RegistrationMode.Open
        : RegistrationMode.InvitationOnly;

    /// <summary>Self-registration: the first account on an empty instance (made instance admin), or anyone when registration is open.</summary>
    public Task<Outcome<TaoLensUser>> RegisterAsync(string? email, string? password, CancellationToken cancellationToken) =>
        RegisterAsync(email, password, new RegistrationChoices(), cancellationToken);

    /// <summary>As <see cref="RegisterAsync(string?, string?, CancellationToken)"/>, subscribing the account to the digest if chosen, in the same transaction.</summary>
    public async Task<Outcome<TaoLensUser>> RegisterAsync(string? email, string? password, RegistrationChoices choices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choices);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(cancellationToken);
        var first = !await db.Users.AnyAsync(cancellationToken);
        if (!first && !options.Value.OpenRegistration)
        {
            return Refusal.Forbidden("Registration is by invitation only: ask a team admin for an invitation link.");
        }

        var created = await CreateAsync(email, password, instanceAdmin: first, choices, cancellationToken);
        if (created.Succeeded)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return created;
    }

    /// <summary>
    /// Serialises account creation, so that two registrations racing on an empty instance do not both become admin.
    /// Inside the caller's transaction; released when it ends.
    /// </summary>
    internal Task<int> LockAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('taolens.accounts'))", cancellationToken);

    /// <summary>
    /// Creates the account (email as its user name), subscribed to the digest if <paramref name="choices"/> say so;
    /// without a password it can only be entered through a set-password link.
    /// </summary>
    internal async Task<Outcome<TaoLensUser>> CreateAsync(string? email, string? password, bool instanceAdmin, RegistrationChoices? choices, CancellationToken cancellationToken)
    {
        email = email?.Trim();
        var user = new TaoLensUser
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            UserName = email,
            Email = email,
            IsInstanceAdmin = instanceAdmin,
            CreatedAt = time.GetUtcNow(),
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return Refusal.Invalid(Errors(result));
        }

        if (choices is { Digest: true })
        {
            digests.SubscribeNewAccount(user.Id, choices.TimeZone);
            await db.SaveChangesAsync(cancellationToken);
        }

        return user;
    }

    /// <summary>Identity's errors by code, as Identity's own endpoints give them.</summary>
    public static Dictionary<string, string[]> Errors(IdentityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
    }
}
