using TaoLens.Web.Api;
using TaoLens.Web.Features.Accounts;

namespace TaoLens.Web.Features.Teams;

public sealed record CreateTeamRequest(string? Name);

public sealed record InviteRequest(string? Email, string? Role);

public sealed record RoleRequest(string? Role);

/// <summary>Accepting an invitation; a new account subscribes to the digest unless <c>digest</c> is false, in <c>timeZone</c> (UTC if none).</summary>
public sealed record AcceptInvitationRequest(string? Password, bool? Digest = null, string? TimeZone = null);

public sealed record SwitchTeamRequest(Guid TeamId);

/// <summary>
/// <c>/api/v1/teams</c> and <c>/api/v1/invitations</c>: every endpoint answers through <see cref="TeamDirectory"/>, as the
/// team pages do. Reads need an account, changes the write policy (no read-only token).
/// </summary>
public static class TeamsFeature
{
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddScoped<TeamDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization();
        teams.MapGet("", async (HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                TypedResults.Ok(await directory.ListAsync(context.User.RequiredUserId(), ct)))
            .WithName("ListTeams").WithSummary("The caller's teams, with their role in each and which one is current.");
        teams.MapPost("", async (CreateTeamRequest body, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.CreateAsync(context.User.RequiredUserId(), body.Name, ct)).ToResult(team => TypedResults.Created($"/api/v1/teams/{team.Id}", team)))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("CreateTeam").WithSummary("Creates a team; the caller becomes its admin.");
        teams.MapGet("/{id:guid}", async (Guid id, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.GetAsync(context.User.RequiredUserId(), id, ct)).ToResult())
            .WithName("GetTeam");
        teams.MapGet("/{id:guid}/members", async (Guid id, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.MembersAsync(context.User.RequiredUserId(), id, ct)).ToResult())
            .WithName("ListMembers");
        teams.MapPost("/{id:guid}/invitations", async (Guid id, InviteRequest body, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.InviteAsync(context.User.RequiredUserId(), id, body.Email, body.Role, AccountLinks.RequestBase(context.Request), ct))
                    .ToResult(invitation => TypedResults.Created((string?)null, invitation)))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("InviteMember").WithSummary("Team admins: invites an email address; the answer holds the single-use link (mailed once mail is configured).");
        teams.MapGet("/{id:guid}/invitations", async (Guid id, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.PendingInvitationsAsync(context.User.RequiredUserId(), id, ct)).ToResult())
            .WithName("ListInvitations").WithSummary("Team admins: the invitations not yet accepted nor expired (without their links, which are not kept).");
        teams.MapDelete("/{id:guid}/invitations/{invitationId:guid}", async (Guid id, Guid invitationId, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.RevokeInvitationAsync(context.User.RequiredUserId(), id, invitationId, ct)).ToResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("RevokeInvitation").WithSummary("Team admins: revokes a pending invitation; its link stops working at once.");
        teams.MapPut("/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, RoleRequest body, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.ChangeRoleAsync(context.User.RequiredUserId(), id, userId, body.Role, ct)).ToResult())
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("ChangeRole").WithSummary("Team admins: changes a member's role; the last admin stays admin (409).");
        teams.MapDelete("/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.RemoveAsync(context.User.RequiredUserId(), id, userId, ct)).ToResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithName("RemoveMember").WithSummary("Team admins remove a member; a member may remove themself (leave). Never the last admin (409).");
        teams.MapGet("/{id:guid}/audit", async (Guid id, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.AuditAsync(context.User.RequiredUserId(), id, ct)).ToResult())
            .WithName("GetTeamAudit").WithSummary("Team admins: the newest 200 audit entries.");

        api.MapPut("/me/current-team", async (SwitchTeamRequest body, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                (await directory.SwitchAsync(context.User.RequiredUserId(), body.TeamId, ct)).ToResult())
            .RequireAuthorization(AccountsFeature.WritePolicy)
            .WithTags("Teams").WithName("SwitchTeam");

        // Signed out (creates the invited account with the password) or signed in as the invited address (joins).
        api.MapPost("/invitations/{token}/accept", async (string token, AcceptInvitationRequest? body, HttpContext context, TeamDirectory directory, CancellationToken ct) =>
                context.User.HasClaim(AccountClaims.TokenScope, AccountClaims.ReadScope)
                    ? Refusal.Forbidden("A read-only token cannot accept invitations.").ToProblem()
                    : (await directory.AcceptAsync(token, context.User.UserId(), body?.Password, new RegistrationChoices(body?.Digest ?? true, body?.TimeZone), ct)).ToResult())
            .AllowAnonymous()
            .RequireRateLimiting(AccountsFeature.SignInRateLimit)
            .WithTags("Teams").WithName("AcceptInvitation");
        return api;
    }
}
