using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Data.Teams;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Accounts;

/// <summary>A token as its owner sees it (never the secret, except once on creation).</summary>
public sealed record AccessTokenView(Guid Id, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A new token: <see cref="Token"/> is shown this once and stored only hashed.</summary>
public sealed record CreatedAccessToken(AccessTokenView Details, string Token);

/// <summary>Creating, listing and revoking personal access tokens: the account page and <c>/api/v1/me/tokens</c>.</summary>
public sealed class PersonalAccessTokens(TaoLensDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<AccessTokenView>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt)
            .Select(t => new AccessTokenView(t.Id, t.Name, t.Scope == TokenScope.ReadWrite ? AccountClaims.ReadWriteScope : AccountClaims.ReadScope, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Read-write only for someone who can write somewhere: an editor or admin of a team, or the instance admin.</summary>
    public async Task<Outcome<CreatedAccessToken>> CreateAsync(Guid userId, string? name, string? scope, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > PersonalAccessToken.NameMaxLength)
        {
            return Refusal.Invalid("name", $"Give the token a name of 1 to {PersonalAccessToken.NameMaxLength} characters.");
        }

        TokenScope tokenScope;
        switch (scope?.Trim().ToLowerInvariant())
        {
            case null or "" or AccountClaims.ReadScope:
                tokenScope = TokenScope.Read;
                break;
            case AccountClaims.ReadWriteScope:
                tokenScope = TokenScope.ReadWrite;
                break;
            default:
                return Refusal.Invalid("scope", "The scope is 'read' or 'read-write'.");
        }

        if (tokenScope == TokenScope.ReadWrite && !await CanWriteAsync(db, userId, cancellationToken))
        {
            return Refusal.Forbidden("Only editors and admins may create read-write tokens.");
        }

        var secret = SecretTokens.New(SecretTokens.AccessTokenPrefix);
        var token = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            UserId = userId,
            Name = name,
            Scope = tokenScope,
            TokenHash = SecretTokens.Hash(secret),
            CreatedAt = time.GetUtcNow(),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(new AccessTokenView(token.Id, token.Name, scope is null or "" ? AccountClaims.ReadScope : scope.Trim().ToLowerInvariant(), token.CreatedAt, null, null), secret);
    }

    /// <summary>Revoked at once: the next request with it fails. Someone else's token is a 404, as an unknown one.</summary>
    public async Task<Outcome<Done>> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await db.PersonalAccessTokens.Where(t => t.Id == tokenId && t.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, t => t.RevokedAt ?? now), cancellationToken);
        return found == 0 ? Refusal.NotFound("There is no such token.") : new Done();
    }

    internal static Task<bool> CanWriteAsync(TaoLensDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && (u.IsInstanceAdmin
            || db.TeamMemberships.Any(m => m.UserId == userId && (m.Role == TeamRole.Editor || m.Role == TeamRole.Admin))), cancellationToken);
}

/// <summary>
/// <c>Authorization: Bearer tlp_…</c>: looks the token's hash up on every request, so a revoked token fails at once,
/// and records when it was last used. A read-write token of someone who is no longer an editor anywhere acts as read.
/// </summary>
internal sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TaoLensDbContext db, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadToken(Request, out var secret))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = SecretTokens.Hash(secret);
        var now = time.GetUtcNow();
        var found = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Id, t.Scope, u.Email, UserId = u.Id, u.LockoutEnd, u.IsInstanceAdmin })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.LockoutEnd > now)
        {
            // The token itself is never logged.
            return AuthenticateResult.Fail("The access token is unknown, revoked, or its account is locked.");
        }

        await db.PersonalAccessTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        var write = found.Scope == TokenScope.ReadWrite && await PersonalAccessTokens.CanWriteAsync(db, found.UserId, Context.RequestAborted);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, found.UserId.ToString()),
            new(ClaimTypes.Name, found.Email ?? ""),
            new(AccountClaims.TokenScope, write ? AccountClaims.ReadWriteScope : AccountClaims.ReadScope),
        ];
        if (found.IsInstanceAdmin)
        {
            claims.Add(new Claim(AccountClaims.InstanceAdmin, "true"));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    internal static bool TryReadToken(HttpRequest request, out string token)
    {
        const string Bearer = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        token = header.StartsWith(Bearer + SecretTokens.AccessTokenPrefix, StringComparison.Ordinal) ? header[Bearer.Length..].Trim() : "";
        return token.Length > 0;
    }
}
