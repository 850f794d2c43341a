using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaoLens.Data;
using TaoLens.Data.Accounts;
using TaoLens.Data.Teams;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Accounts;
using TaoLens.Web.Features.Mail;

namespace TaoLens.Web.Features.Teams;

public sealed record TeamView(Guid Id, string Name, string Role, bool IsCurrent, DateTimeOffset CreatedAt);

public sealed record MeView(Guid Id, string Email, bool IsInstanceAdmin, Guid? CurrentTeamId, IReadOnlyList<TeamView> Teams);

public sealed record MemberView(Guid UserId, string Email, string Role, DateTimeOffset JoinedAt);

/// <summary>
/// An invitation just made; <see cref="Link"/> carries the token and is shown this once. <see cref="Mailed"/>: the mail
/// server took the invitation mail (false when mail is off or the server refused it).
/// </summary>
public sealed record InvitationView(Guid Id, Guid TeamId, string Email, string Role, DateTimeOffset ExpiresAt, string Link, bool Mailed);

/// <summary>An invitation neither accepted nor expired, as listed to team admins: its link is not kept (only a hash), so not shown.</summary>
public sealed record PendingInvitation(Guid Id, string Email, string Role, string? InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record AuditLine(DateTimeOffset At, string Action, string? Actor, string? Subject, string? Detail);

/// <summary>What the invitation page shows before accepting.</summary>
public sealed record InvitationPreview(Guid TeamId, string TeamName, string Email, string Role, DateTimeOffset ExpiresAt, bool AccountExists);

public sealed record AcceptedInvitation(Guid TeamId, string TeamName, Guid UserId, string Email, string Role, bool AccountCreated);

/// <summary>The lower-case names the API and pages use for roles.</summary>
public static class TeamRoles
{
    public static string Name(TeamRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out TeamRole role)
    {
        TeamRole? parsed = text?.Trim().ToLowerInvariant() switch
        {
            "viewer" => TeamRole.Viewer,
            "editor" => TeamRole.Editor,
            "admin" => TeamRole.Admin,
            _ => null,
        };
        role = parsed ?? TeamRole.Viewer;
        return parsed is not null;
    }

    /// <summary>camelCase, as the JSON names everything else.</summary>
    public static string AuditName(TeamAuditAction action) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());
}

/// <summary>
/// Teams, memberships, invitations and the audit log: the one implementation behind the team pages and
/// <c>/api/v1/teams</c>. Every read and change starts from the caller's own membership, so a team the caller is not in
/// answers 404 whether it exists or not; a member whose role is too low gets 403.
/// </summary>
public sealed class TeamDirectory(TaoLensDbContext db, UserManager<TaoLensUser> users, AccountRegistration registration, AccountMailer mailer, IOptions<AccountsOptions> options, TimeProvider time)
{
    public const int AuditPageSize = 200;

    private static readonly Refusal s_noTeam = Refusal.NotFound("There is no such team.");
    private static readonly Refusal s_noMember = Refusal.NotFound("There is no such member in this team.");
    private static readonly Refusal s_noInvitation = Refusal.NotFound("There is no such pending invitation in this team.");

    public async Task<MeView?> MeAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var teams = await ListAsync(user, cancellationToken);
        return new MeView(user.Id, user.Email ?? "", user.IsInstanceAdmin, teams.FirstOrDefault(t => t.IsCurrent)?.Id, teams);
    }

    public async Task<IReadOnlyList<TeamView>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? [] : await ListAsync(user, cancellationToken);
    }

    /// <summary>The user's teams by name; the current one is their choice, or their oldest membership.</summary>
    private async Task<IReadOnlyList<TeamView>> ListAsync(TaoLensUser user, CancellationToken cancellationToken)
    {
        var rows = await db.TeamMemberships.AsNoTracking().Where(m => m.UserId == user.Id)
            .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => new { t.Id, t.Name, m.Role, m.JoinedAt, t.CreatedAt })
            .ToListAsync(cancellationToken);
        var current = rows.Any(r => r.Id == user.CurrentTeamId) ? user.CurrentTeamId : rows.OrderBy(r => r.JoinedAt).FirstOrDefault()?.Id;
        return [.. rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Id)
            .Select(r => new TeamView(r.Id, r.Name, TeamRoles.Name(r.Role), r.Id == current, r.CreatedAt))];
    }

    /// <summary>Any account may create a team and becomes its admin.</summary>
    public async Task<Outcome<TeamView>> CreateAsync(Guid userId, string? name, CancellationToken cancellationToken)
    {
        if (CheckName(name) is { } refusal)
        {
            return refusal;
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        var now = time.GetUtcNow();
        var team = new Team { Id = Guid.CreateVersion7(now), Name = name!.Trim(), CreatedAt = now };
        db.Teams.Add(team);
        db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = userId, Role = TeamRole.Admin, JoinedAt = now });
        user.CurrentTeamId ??= team.Id;
        Audit(team.Id, TeamAuditAction.TeamCreated, user, null, null);
        await db.SaveChangesAsync(cancellationToken);
        return new TeamView(team.Id, team.Name, TeamRoles.Name(TeamRole.Admin), user.CurrentTeamId == team.Id, now);
    }

    /// <summary>Team names are untrusted text: trimmed, 1 to 100 characters, no control characters.</summary>
    private static Refusal? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > Team.NameMaxLength || name.Any(char.IsControl)
            ? Refusal.Invalid("name", $"A team name has 1 to {Team.NameMaxLength} characters and no control characters.")
            : null;

    /// <summary>The team as its member sees it.</summary>
    public async Task<Outcome<TeamView>> GetAsync(Guid userId, Guid teamId, CancellationToken cancellationToken)
    {
        var teams = await ListAsync(userId, cancellationToken);
        return teams.FirstOrDefault(t => t.Id == teamId) is { } team ? team : s_noTeam;
    }

    /// <summary>Pages act in this team: the user's choice, kept on their account.</summary>
    public async Task<Outcome<TeamView>> SwitchAsync(Guid userId, Guid teamId, CancellationToken cancellationToken)
    {
        if (await MembershipAsync(userId, teamId, cancellationToken) is null)
        {
            return s_noTeam;
        }

        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, teamId), cancellationToken);
        return await GetAsync(userId, teamId, cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<MemberView>>> MembersAsync(Guid userId, Guid teamId, CancellationToken cancellationToken)
    {
        if (await MembershipAsync(userId, teamId, cancellationToken) is null)
        {
            return s_noTeam;
        }

        var members = await db.TeamMemberships.AsNoTracking().Where(m => m.TeamId == teamId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.Email, m.Role, m.JoinedAt })
            .ToListAsync(cancellationToken);
        return members.OrderByDescending(m => m.Role).ThenBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .Select(m => new MemberView(m.UserId, m.Email ?? "", TeamRoles.Name(m.Role), m.JoinedAt)).ToList();
    }

    /// <summary>Team admins invite by email; the link (single use, expiring) is mailed when mail is configured and always returned to show the admin.</summary>
    public async Task<Outcome<InvitationView>> InviteAsync(Guid userId, Guid teamId, string? email, string? role, Uri? requestBase, CancellationToken cancellationToken)
    {
        if (await AdminAsync(userId, teamId, "invite", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > TeamInvitation.EmailMaxLength || !new EmailAddressAttribute().IsValid(email))
        {
            return Refusal.Invalid("email", "Give a valid email address.");
        }

        var invitedRole = TeamRole.Viewer;
        if (role is not null && !TeamRoles.TryParse(role, out invitedRole))
        {
            return Refusal.Invalid("role", "The role is viewer, editor or admin.");
        }

        var normalized = users.NormalizeEmail(email);
        var alreadyMember = await db.TeamMemberships.AnyAsync(m => m.TeamId == teamId
            && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), cancellationToken);
        if (alreadyMember)
        {
            return Refusal.Conflict($"{email} is already a member of this team.");
        }

        var now = time.GetUtcNow();
        var token = SecretTokens.New();
        var invitation = new TeamInvitation
        {
            Id = Guid.CreateVersion7(now),
            TeamId = teamId,
            Email = email,
            Role = invitedRole,
            TokenHash = SecretTokens.Hash(token),
            InvitedByUserId = userId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.InvitationLifetime,
        };
        db.TeamInvitations.Add(invitation);
        var actor = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        Audit(teamId, TeamAuditAction.Invited, actor, null, email, TeamRoles.Name(invitedRole));
        await db.SaveChangesAsync(cancellationToken);
        var link = AccountLinks.Absolute(options.Value.PublicUrl ?? requestBase, $"/invitations/{token}");
        var teamName = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync(cancellationToken);
        var mailed = await mailer.SendInvitationAsync(email, teamName, TeamRoles.Name(invitedRole), actor.Email ?? "A team admin", invitation.ExpiresAt, link, cancellationToken);
        return new InvitationView(invitation.Id, teamId, email, TeamRoles.Name(invitedRole), invitation.ExpiresAt, link, mailed);
    }

    /// <summary>Team admins: the invitations still waiting to be accepted, oldest first.</summary>
    public async Task<Outcome<IReadOnlyList<PendingInvitation>>> PendingInvitationsAsync(Guid userId, Guid teamId, CancellationToken cancellationToken)
    {
        if (await AdminAsync(userId, teamId, "see invitations", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        var pending = await db.TeamInvitations.AsNoTracking()
            .Where(i => i.TeamId == teamId && i.AcceptedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Id, i.Email, i.Role, InvitedBy = db.Users.Where(u => u.Id == i.InvitedByUserId).Select(u => u.Email).FirstOrDefault(), i.CreatedAt, i.ExpiresAt })
            .ToListAsync(cancellationToken);
        return pending.Select(i => new PendingInvitation(i.Id, i.Email, TeamRoles.Name(i.Role), i.InvitedBy, i.CreatedAt, i.ExpiresAt)).ToList();
    }

    /// <summary>
    /// Team admins revoke an invitation not yet accepted: it is deleted, so its link answers as one that never existed,
    /// and the audit log keeps who revoked whose.
    /// </summary>
    public async Task<Outcome<Done>> RevokeInvitationAsync(Guid userId, Guid teamId, Guid invitationId, CancellationToken cancellationToken)
    {
        if (await AdminAsync(userId, teamId, "revoke invitations", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var pending = db.TeamInvitations.Where(i => i.Id == invitationId && i.TeamId == teamId && i.AcceptedAt == null);
        var invitation = await pending.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (invitation is null)
        {
            return s_noInvitation;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Conditional, as accepting is: of a revoke and an accept at once, one wins and the other finds it gone.
        if (await pending.ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return s_noInvitation;
        }

        Audit(teamId, TeamAuditAction.InvitationRevoked, await db.Users.SingleAsync(u => u.Id == userId, cancellationToken), null, invitation.Email, TeamRoles.Name(invitation.Role));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Done();
    }

    /// <summary>Admins change roles; the last admin cannot stop being one.</summary>
    public async Task<Outcome<MemberView>> ChangeRoleAsync(Guid userId, Guid teamId, Guid memberId, string? role, CancellationToken cancellationToken)
    {
        if (!TeamRoles.TryParse(role, out var newRole))
        {
            return Refusal.Invalid("role", "The role is viewer, editor or admin.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockTeamAsync(teamId, cancellationToken);
        if (await AdminAsync(userId, teamId, "change roles", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var member = await db.TeamMemberships.SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserId == memberId, cancellationToken);
        if (member is null)
        {
            return s_noMember;
        }

        if (member.Role == TeamRole.Admin && newRole != TeamRole.Admin && await IsLastAdminAsync(teamId, cancellationToken))
        {
            return LastAdmin();
        }

        var subject = await db.Users.SingleAsync(u => u.Id == memberId, cancellationToken);
        if (member.Role != newRole)
        {
            Audit(teamId, TeamAuditAction.RoleChanged, await db.Users.SingleAsync(u => u.Id == userId, cancellationToken), subject, null,
                $"{TeamRoles.Name(member.Role)} → {TeamRoles.Name(newRole)}");
            member.Role = newRole;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new MemberView(member.UserId, subject.Email ?? "", TeamRoles.Name(member.Role), member.JoinedAt);
    }

    /// <summary>Admins remove members; anyone may leave. The last admin can do neither. Access ends with the next request.</summary>
    public async Task<Outcome<Done>> RemoveAsync(Guid userId, Guid teamId, Guid memberId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockTeamAsync(teamId, cancellationToken);
        var leaving = userId == memberId;
        var refusal = leaving
            ? (await MembershipAsync(userId, teamId, cancellationToken) is null ? s_noTeam : null)
            : await AdminAsync(userId, teamId, "remove members", cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var member = await db.TeamMemberships.SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserId == memberId, cancellationToken);
        if (member is null)
        {
            return s_noMember;
        }

        if (member.Role == TeamRole.Admin && await IsLastAdminAsync(teamId, cancellationToken))
        {
            return LastAdmin();
        }

        var subject = await db.Users.SingleAsync(u => u.Id == memberId, cancellationToken);
        db.TeamMemberships.Remove(member);
        if (subject.CurrentTeamId == teamId)
        {
            subject.CurrentTeamId = null;
        }

        var actor = leaving ? subject : await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        Audit(teamId, leaving ? TeamAuditAction.Left : TeamAuditAction.MemberRemoved, actor, leaving ? null : subject, null, TeamRoles.Name(member.Role));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Done();
    }

    /// <summary>The newest entries first, for team admins only.</summary>
    public async Task<Outcome<IReadOnlyList<AuditLine>>> AuditAsync(Guid userId, Guid teamId, CancellationToken cancellationToken)
    {
        if (await AdminAsync(userId, teamId, "read the audit log", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var entries = await db.TeamAudit.AsNoTracking().Where(e => e.TeamId == teamId).OrderByDescending(e => e.Id).Take(AuditPageSize).ToListAsync(cancellationToken);
        return entries.Select(e => new AuditLine(e.At, TeamRoles.AuditName(e.Action), e.ActorEmail, e.SubjectEmail, e.Detail)).ToList();
    }

    /// <summary>What an invitation link offers, without accepting it.</summary>
    public async Task<Outcome<InvitationPreview>> PreviewInvitationAsync(string? token, CancellationToken cancellationToken)
    {
        var found = await FindInvitationAsync(token, cancellationToken);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        var (invitation, team) = found.Value;
        var exists = await users.FindByEmailAsync(invitation.Email) is not null;
        return new InvitationPreview(team.Id, team.Name, invitation.Email, TeamRoles.Name(invitation.Role), invitation.ExpiresAt, exists);
    }

    /// <summary>
    /// Accepts an invitation once: signed in (as the invited address), it adds the membership; signed out, it creates the
    /// invited account with <paramref name="password"/>. An address that already has an account must sign in first.
    /// </summary>
    public async Task<Outcome<AcceptedInvitation>> AcceptAsync(string? token, Guid? signedInUserId, string? password, RegistrationChoices choices, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await registration.LockAsync(cancellationToken);
        var found = await FindInvitationAsync(token, cancellationToken);
        if (found.Refusal is { } refusal)
        {
            return refusal;
        }

        var (invitation, team) = found.Value;
        var now = time.GetUtcNow();
        TaoLensUser user;
        var created = false;
        if (signedInUserId is { } id)
        {
            user = await db.Users.SingleAsync(u => u.Id == id, cancellationToken);
            if (user.NormalizedEmail != users.NormalizeEmail(invitation.Email))
            {
                return Refusal.Forbidden($"This invitation was sent to {invitation.Email}: sign in with that address to accept it.");
            }
        }
        else
        {
            if (await users.FindByEmailAsync(invitation.Email) is not null)
            {
                return Refusal.Conflict($"An account with {invitation.Email} exists: sign in with it, then open the invitation link again.");
            }

            if (string.IsNullOrEmpty(password))
            {
                return Refusal.Invalid("password", "Choose a password for the new account.");
            }

            var account = await registration.CreateAsync(invitation.Email, password, instanceAdmin: false, choices, cancellationToken);
            if (account.Refusal is { } invalid)
            {
                return invalid;
            }

            user = account.Value!;
            created = true;
        }

        // Single use: the first acceptance to mark it wins; a concurrent one finds it taken.
        var claimed = await db.TeamInvitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedByUserId, user.Id), cancellationToken);
        if (claimed == 0)
        {
            return UsedOrExpired();
        }

        var membership = await db.TeamMemberships.SingleOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == user.Id, cancellationToken);
        if (membership is null)
        {
            membership = new TeamMembership { TeamId = team.Id, UserId = user.Id, Role = invitation.Role, JoinedAt = now };
            db.TeamMemberships.Add(membership);
        }
        else if (membership.Role < invitation.Role)
        {
            membership.Role = invitation.Role;
        }

        user.CurrentTeamId ??= team.Id;
        Audit(team.Id, TeamAuditAction.Joined, user, null, null, TeamRoles.Name(membership.Role));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AcceptedInvitation(team.Id, team.Name, user.Id, user.Email ?? "", TeamRoles.Name(membership.Role), created);
    }

    private async Task<Outcome<(TeamInvitation Invitation, Team Team)>> FindInvitationAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return Refusal.NotFound("There is no such invitation.");
        }

        var hash = SecretTokens.Hash(token);
        var found = await db.TeamInvitations.AsNoTracking().Where(i => i.TokenHash == hash)
            .Join(db.Teams, i => i.TeamId, t => t.Id, (i, t) => new { Invitation = i, Team = t })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Refusal.NotFound("There is no such invitation.");
        }

        if (found.Invitation.AcceptedAt is not null || found.Invitation.ExpiresAt <= time.GetUtcNow())
        {
            return UsedOrExpired();
        }

        return (found.Invitation, found.Team);
    }

    private static Refusal UsedOrExpired() =>
        Refusal.Gone("This invitation has been used or has expired: ask the team admin for a new one.");

    private static Refusal LastAdmin() =>
        Refusal.Conflict("A team keeps at least one admin: make another member admin first.");

    private Task<TeamMembership?> MembershipAsync(Guid userId, Guid teamId, CancellationToken cancellationToken) =>
        db.TeamMemberships.AsNoTracking().SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserId == userId, cancellationToken);

    /// <summary>Null when the caller is an admin of the team; 404 when not a member, 403 when a member with a lower role.</summary>
    private async Task<Refusal?> AdminAsync(Guid userId, Guid teamId, string action, CancellationToken cancellationToken) =>
        await MembershipAsync(userId, teamId, cancellationToken) switch
        {
            null => s_noTeam,
            { Role: not TeamRole.Admin } => Refusal.Forbidden($"Only team admins can {action}."),
            _ => null,
        };

    private async Task<bool> IsLastAdminAsync(Guid teamId, CancellationToken cancellationToken) =>
        await db.TeamMemberships.CountAsync(m => m.TeamId == teamId && m.Role == TeamRole.Admin, cancellationToken) <= 1;

    /// <summary>Serialises membership changes of one team, so two admins demoting each other cannot leave it with none.</summary>
    private Task<int> LockTeamAsync(Guid teamId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM teams WHERE id = {teamId} FOR UPDATE", cancellationToken);

    private void Audit(Guid teamId, TeamAuditAction action, TaoLensUser? actor, TaoLensUser? subject, string? subjectEmail, string? detail = null) =>
        db.TeamAudit.Add(new TeamAuditEntry
        {
            TeamId = teamId,
            At = time.GetUtcNow(),
            Action = action,
            ActorUserId = actor?.Id,
            ActorEmail = actor?.Email,
            SubjectUserId = subject?.Id,
            SubjectEmail = subject?.Email ?? subjectEmail,
            Detail = detail,
        });
}
